import { randomUUID } from 'node:crypto';
import { Dealer } from 'zeromq';
import type { Channel } from '../protocol/websocket-framing.js';
import {
  fromFrames,
  type MessageParts,
  type MessageSigner,
  toFrames,
} from '../protocol/wire-message.js';
import { type ConnectionInfo, endpoint } from './connection-info.js';
import { readAll, SocketWriter } from './socket-writer.js';

type RequestChannel = Exclude<Channel, 'iopub'>;

/**
 * One websocket client's own shell, control and stdin dealers. They share one routing id, as
 * jupyter_client's do: the kernel sends input_request on stdin to the identity that sent the
 * execute_request on shell, so replies and prompts reach the client that asked and no other.
 */
export class ClientChannels {
  private readonly sockets: Record<RequestChannel, { socket: Dealer; writer: SocketWriter }>;

  constructor(
    info: ConnectionInfo,
    private readonly signer: MessageSigner,
    onMessage: (channel: RequestChannel, parts: MessageParts) => void,
    onBadMessage: (error: unknown) => void,
  ) {
    const routingId = randomUUID();
    const open = (channel: RequestChannel) => {
      const socket = new Dealer({ linger: 0, routingId });
      socket.connect(endpoint(info, `${channel}_port`));
      void readAll(socket, (frames) => {
        try {
          onMessage(channel, fromFrames(signer, frames));
        } catch (error) {
          onBadMessage(error);
        }
      });
      return { socket, writer: new SocketWriter(socket) };
    };
    this.sockets = { shell: open('shell'), control: open('control'), stdin: open('stdin') };
  }

  send(channel: RequestChannel, parts: MessageParts): Promise<void> {
    return this.sockets[channel].writer.send(toFrames(this.signer, parts));
  }

  close(): void {
    for (const { socket } of Object.values(this.sockets)) socket.close();
  }
}
