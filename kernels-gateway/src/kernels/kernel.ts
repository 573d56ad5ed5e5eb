import { readHeader } from '../protocol/message.js';
import type { MessageParts } from '../protocol/wire-message.js';
import type { ProvisionedKernel } from '../provisioners/provisioner.js';
import type { ClientSession } from './client-session.js';
import type { ConnectionInfo } from './connection-info.js';
import { KernelSockets } from './kernel-sockets.js';

/** Jupyter's execution states, plus the gateway's own for kernels on their way in or out. */
export type ExecutionState = 'starting' | 'idle' | 'busy' | 'restarting' | 'terminating' | 'dead';

/** What the gateway persists about a kernel: enough to find and reconnect it after a restart. */
export interface KernelRecord {
  id: string;
  owner: string;
  specName: string;
  createdAt: string;
  provisioned: ProvisionedKernel;
  /** Once the launcher registered; holds the kernel's key, so the record is stored 0600. */
  connection?: ConnectionInfo;
}

/** The REST model of a kernel (Jupyter Server `kernel_model`). */
export interface KernelModel {
  id: string;
  name: string;
  last_activity: string;
  execution_state: ExecutionState;
  connections: number;
}

export interface KernelObserver {
  /** Whether a client is on the other end now (a session may outlive its websocket briefly). */
  readonly connected: boolean;
  /** An iopub message for every attached client. */
  iopub(parts: MessageParts): void;
  /** The kernel restarted on new ports: reopen the client's own channels. */
  reconnected(): void;
  /** The kernel is gone (shut down, culled, died): close the websocket. */
  ended(reason: string): void;
}

/**
 * One running kernel: its record, its state as iopub reports it, its gateway sockets and the
 * websocket clients attached to it.
 */
export class Kernel {
  executionState: ExecutionState = 'starting';
  lastActivity = new Date();
  /** Which client kernels may not be culled: one per attached websocket. */
  private readonly observers = new Set<KernelObserver>();
  private socketsValue: KernelSockets | undefined;

  constructor(
    readonly record: KernelRecord,
    private readonly onBadMessage: (error: unknown) => void,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get owner(): string {
    return this.record.owner;
  }

  get sockets(): KernelSockets | undefined {
    return this.socketsValue;
  }

  /** Open websockets: what Jupyter's `connections` counts, and what culling spares. */
  get connections(): number {
    return [...this.observers].filter((observer) => observer.connected).length;
  }

  /** The sessions of clients that named one, to find them again when they reconnect. */
  readonly sessions = new Map<string, ClientSession>();

  /** Opens the gateway's sockets to the registered ports (closing earlier ones). */
  connect(connection: ConnectionInfo): KernelSockets {
    this.socketsValue?.close();
    this.record.connection = connection;
    this.socketsValue = new KernelSockets(
      connection,
      (parts) => this.onIopub(parts),
      this.onBadMessage,
    );
    for (const observer of this.observers) observer.reconnected();
    return this.socketsValue;
  }

  disconnect(): void {
    this.socketsValue?.close();
    this.socketsValue = undefined;
  }

  attach(observer: KernelObserver): () => void {
    this.observers.add(observer);
    this.touch();
    return () => {
      this.observers.delete(observer);
      this.touch();
    };
  }

  end(reason: string): void {
    this.executionState = 'dead';
    this.disconnect();
    for (const observer of [...this.observers]) observer.ended(reason);
    this.observers.clear();
  }

  touch(): void {
    this.lastActivity = new Date();
  }

  model(): KernelModel {
    return {
      id: this.id,
      name: this.record.specName,
      last_activity: jupyterTimestamp(this.lastActivity),
      execution_state: this.executionState,
      connections: this.connections,
    };
  }

  private onIopub(parts: MessageParts): void {
    this.touch();
    const { msg_type } = readHeader(parts);
    if (msg_type === 'status') {
      const state = (JSON.parse(parts.content.toString('utf8')) as { execution_state?: string })
        .execution_state;
      if (state === 'idle' || state === 'busy' || state === 'starting') this.executionState = state;
    }
    for (const observer of this.observers) observer.iopub(parts);
  }
}

/**
 * UTC with microseconds and a Z: GatewayClient parses `last_activity` with
 * `strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")` (jupyter_server `gateway/managers.py`).
 */
export function jupyterTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
