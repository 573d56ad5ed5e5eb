import { type ISignal, Signal } from '@lumino/signaling';
import type { FetchFunction } from '../catalog/client.js';
import { BasketClient } from './basket-client.js';
import { type DownloadSink, streamWithProgress } from './download-stream.js';
import type { IBasketModel } from './tokens.js';
import type { Basket, DownloadProgress, ScriptKind } from './types.js';

/**
 * The user's basket, kept by the catalog (so it follows them to another browser). Read when
 * asked (the view opens, the catalog changes) and after every change, which the catalog answers
 * with the new basket.
 */
export class BasketModel implements IBasketModel {
  private client: BasketClient;
  private readonly changedSignal = new Signal<this, void>(this);
  private current: Basket | null = null;
  private lastError: string | null = null;
  private progress: DownloadProgress | null = null;
  private aborter: AbortController | null = null;
  private readonly busy = new Set<string>();
  private disposed = false;

  constructor(private readonly options: BasketModel.IOptions) {
    this.client = new BasketClient(options.catalogUrl, options.fetch);
  }

  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }
  get basket(): Basket | null {
    return this.current;
  }
  get error(): string | null {
    return this.lastError;
  }
  get pending(): ReadonlySet<string> {
    return this.busy;
  }
  get download(): DownloadProgress | null {
    return this.progress;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Another catalog (the settings changed): its baskets are its own. */
  setCatalogUrl(url: string): void {
    if (url === this.client.catalogUrl) return;
    this.client = new BasketClient(url, this.options.fetch);
    this.current = null;
    this.changedSignal.emit();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.current = await this.client.get();
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.changedSignal.emit();
    }
  }

  add(collection: string, item: string, assets?: readonly string[]): Promise<void> {
    const key = basketKey(collection, item, assets?.length === 1 ? assets[0] : undefined);
    return this.act(key, () => this.client.add(collection, item, assets));
  }

  removeItem(collection: string, item: string): Promise<void> {
    return this.act(basketKey(collection, item), () => this.client.removeItem(collection, item));
  }

  removeAsset(collection: string, item: string, asset: string): Promise<void> {
    return this.act(basketKey(collection, item, asset), () =>
      this.client.removeAsset(collection, item, asset),
    );
  }

  async clear(): Promise<void> {
    await this.act('*', async () => {
      await this.client.clear();
      return this.client.get();
    });
  }

  async downloadZip(sink: DownloadSink): Promise<boolean> {
    this.aborter?.abort();
    const aborter = new AbortController();
    this.aborter = aborter;
    this.progress = { state: 'running', received: 0, total: null };
    this.changedSignal.emit();
    try {
      const response = await this.client.zip(aborter.signal);
      const size = await streamWithProgress(response, sink, ({ received, total }) => {
        this.progress = { state: 'running', received, total };
        this.changedSignal.emit();
      });
      this.progress = { state: 'done', received: size, total: size };
      return true;
    } catch (error) {
      const received = this.progress?.received ?? 0;
      const total = this.progress?.total ?? null;
      this.progress = aborter.signal.aborted
        ? { state: 'cancelled', received, total }
        : { state: 'failed', received, total, error: (error as Error).message };
      return false;
    } finally {
      if (this.aborter === aborter) this.aborter = null;
      this.changedSignal.emit();
    }
  }

  cancelDownload(): void {
    this.aborter?.abort();
  }

  script(kind: ScriptKind): Promise<string> {
    return this.client.script(kind);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.aborter?.abort();
    Signal.clearData(this);
  }

  /** One change: its key is pending meanwhile; the catalog's answer is the new basket. */
  private async act(key: string, work: () => Promise<Basket>): Promise<void> {
    this.busy.add(key);
    this.changedSignal.emit();
    try {
      this.current = await work();
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
      throw error;
    } finally {
      this.busy.delete(key);
      this.changedSignal.emit();
    }
  }
}

/** How the model names what is pending: `collection/item` or `collection/item/asset`. */
export function basketKey(collection: string, item: string, asset?: string): string {
  return JSON.stringify(asset === undefined ? [collection, item] : [collection, item, asset]);
}

export namespace BasketModel {
  export interface IOptions {
    /** The catalog's base URL, ending with '/'. */
    catalogUrl: string;
    fetch: FetchFunction;
  }
}
