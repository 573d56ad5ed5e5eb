import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import type { GatewayContext } from '../context.js';
import { ClientSession, type SessionSink } from '../kernels/client-session.js';
import type { Kernel } from '../kernels/kernel.js';
import {
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
 * client offered: v1 if it did, legacy JSON otherwise (what GatewayClient speaks). A client
 * that reconnects with its `session_id` gets what the kernel said while it was away.
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
      const framing = socket.protocol === V1_SUBPROTOCOL ? 'v1' : 'legacy';
      relay(socket, kernel, framing, request.query.session_id || undefined, request.log);
    },
  );
};

function relay(
  socket: WebSocket,
  kernel: Kernel,
  framing: Framing,
  sessionId: string | undefined,
  log: { warn: (obj: object, msg: string) => void },
): void {
  const dropped = (error: unknown) =>
    log.warn({ err: error, kernel: kernel.id }, 'dropped a kernel message');
  const known = sessionId ? kernel.sessions.get(sessionId) : undefined;
  const session =
    known ??
    new ClientSession(
      kernel,
      sessionId,
      (ended) => {
        if (ended.id && kernel.sessions.get(ended.id) === ended) kernel.sessions.delete(ended.id);
      },
      dropped,
    );
  if (sessionId && !known) kernel.sessions.set(sessionId, session);
  const sink: SessionSink = {
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(encodeForClient(framing, message));
    },
    close: (code, reason) => socket.close(code, reason),
  };
  session.attach(sink);
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    try {
      session.send(decodeFromClient(framing, data, isBinary));
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      log.warn({ kernel: kernel.id, reason: error.message }, 'refused a client frame');
    }
  });
  socket.on('close', () => session.detach(sink));
}
