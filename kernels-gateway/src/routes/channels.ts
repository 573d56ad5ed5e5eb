import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import type { GatewayContext } from '../context.js';
import { ClientChannels } from '../kernels/client-channels.js';
import type { Kernel } from '../kernels/kernel.js';
import {
  type ChannelMessage,
  decodeFromClient,
  encodeForClient,
  type Framing,
  FramingError,
  V1_SUBPROTOCOL,
} from '../protocol/websocket-framing.js';
import { KernelIdParams, ownerOf } from './kernels.js';

/**
 * `/api/kernels/{id}/channels`: one websocket per client, relaying to and from the kernel.
 * The Hub token and the ownership are checked before the upgrade (hooks run first), so a
 * stranger gets a plain 401 or 404 and never a socket. The framing is the subprotocol the
 * client offered: v1 if it did, legacy JSON otherwise (what GatewayClient speaks).
 */
export const channelRoutes: FastifyPluginAsyncTypebox<GatewayContext> = async (app, ctx) => {
  app.get(
    '/api/kernels/:kernelId/channels',
    {
      websocket: true,
      onRequest: app.requireScopes([]),
      schema: {
        params: KernelIdParams,
        querystring: Type.Object({ session_id: Type.Optional(Type.String({ maxLength: 128 })) }),
      },
      preHandler: async (request) => {
        ctx.kernels.get(await ownerOf(request), request.params.kernelId);
      },
    },
    async (socket, request) => {
      const kernel = ctx.kernels.get(await ownerOf(request), request.params.kernelId);
      relay(socket, kernel, socket.protocol === V1_SUBPROTOCOL ? 'v1' : 'legacy', request.log);
    },
  );
};

function relay(
  socket: WebSocket,
  kernel: Kernel,
  framing: Framing,
  log: { warn: (obj: object, msg: string) => void },
): void {
  const toClient = (message: ChannelMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(encodeForClient(framing, message));
  };
  const dropped = (error: unknown) =>
    log.warn({ err: error, kernel: kernel.id }, 'dropped a kernel message');
  const open = () => {
    const sockets = kernel.sockets;
    return sockets
      ? new ClientChannels(
          sockets.info,
          sockets.signer,
          (channel, parts) => toClient({ channel, parts }),
          dropped,
        )
      : undefined;
  };
  let channels = open();
  const detach = kernel.attach({
    iopub: (parts) => toClient({ channel: 'iopub', parts }),
    reconnected: () => {
      channels?.close();
      channels = open();
    },
    ended: (reason) => socket.close(1000, reason.slice(0, 120)),
  });
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    let message: ChannelMessage;
    try {
      message = decodeFromClient(framing, data, isBinary);
    } catch (error) {
      if (error instanceof FramingError) {
        log.warn({ kernel: kernel.id, reason: error.message }, 'refused a client frame');
        return;
      }
      throw error;
    }
    if (message.channel === 'iopub') return;
    kernel.touch();
    if (!channels) channels = open();
    channels?.send(message.channel, message.parts).catch(dropped);
  });
  socket.on('close', () => {
    detach();
    channels?.close();
  });
}
