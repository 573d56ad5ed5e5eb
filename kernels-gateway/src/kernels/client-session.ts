import type { ChannelMessage } from '../protocol/websocket-framing.js';
import type { MessageParts } from '../protocol/wire-message.js';
import { ClientChannels } from './client-channels.js';
import type { Kernel, KernelObserver } from './kernel.js';

/** Where a session's messages go while a websocket is open. */
export interface SessionSink {
  send(message: ChannelMessage): void;
  close(code: number, reason: string): void;
}

/** How long a session that lost its websocket keeps its channels and messages. */
export const SESSION_GRACE_MS = 60_000;
/** Messages kept for a disconnected session, at most (the oldest dropped first). */
const BUFFER_LIMIT = 10_000;

/**
 * One client of a kernel: its own shell, control and stdin channels, and what the kernel sends
 * it. A client that names its session (`?session_id=`, as JupyterLab and GatewayClient do) and
 * loses its websocket keeps both for a grace period: replies and output produced meanwhile are
 * buffered and delivered, in order, when it reconnects with the same session (as jupyter_server
 * does), so a network blip loses no output.
 */
export class ClientSession implements KernelObserver {
  private sink: SessionSink | undefined;
  private readonly buffer: ChannelMessage[] = [];
  private channels: ClientChannels | undefined;
  private readonly detachFromKernel: () => void;
  private expiry: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly kernel: Kernel,
    readonly id: string | undefined,
    private readonly onDispose: (session: ClientSession) => void,
    private readonly onDropped: (error: unknown) => void,
  ) {
    this.channels = this.open();
    this.detachFromKernel = kernel.attach(this);
  }

  get connected(): boolean {
    return this.sink !== undefined;
  }

  /** A websocket for this session: what was buffered goes first. */
  attach(sink: SessionSink): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = undefined;
    // One websocket per session: a second one replaces the first.
    this.sink?.close(4000, 'replaced by a newer connection of the same session');
    this.sink = sink;
    for (const message of this.buffer.splice(0)) sink.send(message);
    this.kernel.touch();
  }

  /** The websocket closed: keep the session for a while when it has an id, else end it. */
  detach(sink: SessionSink, graceMs = SESSION_GRACE_MS): void {
    if (this.sink !== sink) return;
    this.sink = undefined;
    this.kernel.touch();
    if (!this.id || graceMs <= 0) {
      this.dispose();
      return;
    }
    this.expiry = setTimeout(() => this.dispose(), graceMs);
    this.expiry.unref();
  }

  send(message: ChannelMessage): void {
    if (message.channel === 'iopub') return;
    this.kernel.touch();
    this.channels ??= this.open();
    this.channels?.send(message.channel, message.parts).catch(this.onDropped);
  }

  iopub(parts: MessageParts): void {
    this.deliver({ channel: 'iopub', parts });
  }

  reconnected(): void {
    this.channels?.close();
    this.channels = this.open();
  }

  ended(reason: string): void {
    this.sink?.close(1000, reason.slice(0, 120));
    this.sink = undefined;
    this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.expiry) clearTimeout(this.expiry);
    this.detachFromKernel();
    this.channels?.close();
    this.buffer.length = 0;
    this.onDispose(this);
  }

  private deliver(message: ChannelMessage): void {
    if (this.sink) {
      this.sink.send(message);
      return;
    }
    this.buffer.push(message);
    if (this.buffer.length > BUFFER_LIMIT) this.buffer.shift();
  }

  private open(): ClientChannels | undefined {
    const sockets = this.kernel.sockets;
    return sockets
      ? new ClientChannels(
          sockets.info,
          sockets.signer,
          (channel, parts) => this.deliver({ channel, parts }),
          this.onDropped,
        )
      : undefined;
  }
}
