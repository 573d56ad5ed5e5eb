/**
 * The basket model's public surface: the catalog panel's "Add to basket" buttons and the
 * basket view read it; only the model talks to the catalog's /basket.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { DownloadSink } from './download-stream.js';
import type { Basket, DownloadProgress, ScriptKind } from './types.js';

export interface IBasketModel extends IDisposable {
  /** The basket as last read; null before the first read. */
  readonly basket: Basket | null;
  /** A sentence about the last failed request, or null. */
  readonly error: string | null;
  /** What has a change under way, by `basketKey(collection, item, asset?)`; `*` for a clear. */
  readonly pending: ReadonlySet<string>;
  /** The zip download under way or last ended, or null. */
  readonly download: DownloadProgress | null;
  /** Emitted whenever any of the above changes. */
  readonly changed: ISignal<IBasketModel, void>;
  /** Adds the whole item, or only some of its assets. */
  add(collection: string, item: string, assets?: readonly string[]): Promise<void>;
  removeItem(collection: string, item: string): Promise<void>;
  removeAsset(collection: string, item: string, asset: string): Promise<void>;
  clear(): Promise<void>;
  refresh(): Promise<void>;
  /**
   * Downloads the zip into `sink` (the file the user picked, or memory) with progress; resolves
   * true once it is complete, false when it failed or was cancelled (`download` says which).
   */
  downloadZip(sink: DownloadSink): Promise<boolean>;
  cancelDownload(): void;
  /** The text of download.sh or download.py. */
  script(kind: ScriptKind): Promise<string>;
}

export const IBasketModel = new Token<IBasketModel>(
  '@styx/jupyterlab:IBasketModel',
  "The user's basket of catalog items and assets to download, kept by the Styx catalog.",
);
