import { Dealer, Request, Subscriber } from 'zeromq';
import { newMessage, readHeader, readParentId } from '../protocol/message.js';
import {
  fromFrames,
  type MessageParts,
  type MessageSigner,
  toFrames,
} from '../protocol/wire-message.js';
import { type ConnectionInfo, endpoint } from './connection-info.js';
import { readAll, SocketWriter } from './socket-writer.js';

export interface KernelReply {
  msgType: string;
  content: Record<string, unknown>;
}

/**
 * The gateway's own connection to one kernel: the iopub subscription every websocket client
 * shares (so one client attaching late misses nothing the kernel says from then on), shell and
 * control dealers for the requests the gateway makes itself (kernel_info, interrupt, shutdown),
 * and the heartbeat.
 */
export class KernelSockets {
  readonly signer: MessageSigner;
  /** Set once any iopub message arrived: the subscription is live (ZeroMQ's slow joiner). */
  iopubSeen = false;
  private readonly iopub = new Subscriber({ linger: 0 });
  private readonly shell = new Dealer({ linger: 0 });
  private readonly control = new Dealer({ linger: 0 });
  private readonly shellWriter = new SocketWriter(this.shell);
  private readonly controlWriter = new SocketWriter(this.control);
  private heartbeatSocket: Request | undefined;
  private readonly pending = new Map<string, (reply: KernelReply) => void>();
  private readonly session = crypto.randomUUID();
  private closed = false;

  constructor(
    readonly info: ConnectionInfo,
    onIopub: (parts: MessageParts) => void,
    onBadMessage: (error: unknown) => void,
  ) {
    this.signer = { key: info.key, scheme: info.signature_scheme };
    this.iopub.connect(endpoint(info, 'iopub_port'));
    this.iopub.subscribe();
    this.shell.connect(endpoint(info, 'shell_port'));
    this.control.connect(endpoint(info, 'control_port'));
    const receive = (frames: Buffer[], handle: (parts: MessageParts) => void) => {
      try {
        handle(fromFrames(this.signer, frames));
      } catch (error) {
        onBadMessage(error);
      }
    };
    void readAll(this.iopub, (frames) =>
      receive(frames, (parts) => {
        this.iopubSeen = true;
        onIopub(parts);
      }),
    );
    const replies = (parts: MessageParts) => {
      const parent = readParentId(parts);
      const resolve = parent ? this.pending.get(parent) : undefined;
      if (!resolve || !parent) return;
      this.pending.delete(parent);
      resolve({
        msgType: readHeader(parts).msg_type,
        content: JSON.parse(parts.content.toString('utf8')) as Record<string, unknown>,
      });
    };
    void readAll(this.shell, (frames) => receive(frames, replies));
    void readAll(this.control, (frames) => receive(frames, replies));
  }

  /** Sends a request of the gateway's own and waits for its reply (undefined on timeout). */
  async request(
    channel: 'shell' | 'control',
    msgType: string,
    content: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<KernelReply | undefined> {
    if (this.closed) return undefined;
    const { header, parts } = newMessage(msgType, content, this.session);
    const reply = new Promise<KernelReply | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(header.msg_id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(header.msg_id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    const writer = channel === 'shell' ? this.shellWriter : this.controlWriter;
    await writer.send(toFrames(this.signer, parts));
    return reply;
  }

  /**
   * Waits until the kernel answers kernel_info and its iopub reaches us (jupyter_server's
   * "nudge"): only then can a client's first execute_request not lose its output.
   */
  async waitReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      const reply = await this.request('shell', 'kernel_info_request', {}, 1000);
      if (reply && this.iopubSeen) return true;
      if (reply) await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  /** One heartbeat ping (the kernel echoes it on its REP socket). */
  async heartbeat(timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    if (!this.heartbeatSocket) {
      this.heartbeatSocket = new Request({
        linger: 0,
        receiveTimeout: timeoutMs,
        sendTimeout: timeoutMs,
      });
      this.heartbeatSocket.connect(endpoint(this.info, 'hb_port'));
    }
    const socket = this.heartbeatSocket;
    try {
      await socket.send('ping');
      await socket.receive();
      return true;
    } catch {
      // A REQ socket that missed its reply cannot send again: start over next time.
      socket.close();
      this.heartbeatSocket = undefined;
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of [this.iopub, this.shell, this.control, this.heartbeatSocket])
      socket?.close();
    for (const resolve of this.pending.values()) resolve({ msgType: 'closed', content: {} });
    this.pending.clear();
  }
}
