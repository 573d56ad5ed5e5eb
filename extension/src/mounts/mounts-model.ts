import { Poll } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { FetchFunction } from '../catalog/client.js';
import { MountsClient } from './mounts-client.js';
import type { IMountsModel } from './tokens.js';
import type { Mount, MountRequest } from './types.js';

/**
 * The user's dataset mounts on the kernels gateway. Polls the list (slowly: mounts change when
 * the user acts, and each action refreshes at once), so a mount made elsewhere (another tab, the
 * API from a notebook) shows up too.
 */
export class MountsModel implements IMountsModel {
  private readonly client: MountsClient;
  private readonly changedSignal = new Signal<this, void>(this);
  private readonly poll: Poll;
  private list: Mount[] = [];
  private wasLoaded = false;
  private lastError: string | null = null;
  private readonly busy = new Set<string>();
  private disposed = false;

  constructor(options: MountsModel.IOptions) {
    this.client = new MountsClient(options.gatewayUrl, options.fetch);
    this.poll = new Poll({
      factory: () => this.refresh(),
      frequency: { interval: options.pollInterval ?? 15_000, backoff: true, max: 120_000 },
      standby: 'when-hidden',
      name: '@styx/jupyterlab:mounts',
    });
  }

  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }
  get gatewayUrl(): string {
    return this.client.gatewayUrl;
  }
  get mounts(): readonly Mount[] {
    return this.list;
  }
  get loaded(): boolean {
    return this.wasLoaded;
  }
  get error(): string | null {
    return this.lastError;
  }
  get pending(): ReadonlySet<string> {
    return this.busy;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  async refresh(): Promise<void> {
    try {
      this.list = sortByName(await this.client.list());
      this.wasLoaded = true;
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.changedSignal.emit();
    }
  }

  async mount(request: MountRequest): Promise<Mount> {
    return this.act(request.name, async () => {
      const mount = await this.client.create(request);
      this.list = sortByName([...this.list.filter((m) => m.name !== mount.name), mount]);
      return mount;
    });
  }

  async unmount(name: string): Promise<void> {
    await this.act(name, async () => {
      await this.client.remove(name);
      this.list = this.list.filter((m) => m.name !== name);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.poll.dispose();
    Signal.clearData(this);
  }

  /** One mount or unmount: its name is pending meanwhile; a failure is kept and rethrown. */
  private async act<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.busy.add(name);
    this.changedSignal.emit();
    try {
      const result = await work();
      this.lastError = null;
      return result;
    } catch (error) {
      this.lastError = (error as Error).message;
      throw error;
    } finally {
      this.busy.delete(name);
      this.changedSignal.emit();
      // Another tab may have changed the list too.
      void this.poll.refresh();
    }
  }
}

function sortByName(mounts: Mount[]): Mount[] {
  return [...mounts].sort((a, b) => a.name.localeCompare(b.name));
}

export namespace MountsModel {
  export interface IOptions {
    /** The kernels gateway's base URL, ending with '/'. */
    gatewayUrl: string;
    fetch: FetchFunction;
    /** Milliseconds between list refreshes; 15 s by default. */
    pollInterval?: number;
  }
}
