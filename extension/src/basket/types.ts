/**
 * The catalog's basket as `GET <catalog>/basket` answers it (catalog-api/src/schemas/basket.ts
 * defines it; these types mirror what the extension reads of it).
 */
export interface BasketEntry {
  collection: string;
  item: string;
  /** null: the whole item. */
  asset: string | null;
  addedAt: string;
}

export interface BasketAsset {
  collection: string;
  item: string;
  asset: string;
  href: string;
  title?: string;
  type?: string;
  /** `<collection>/<item>/<file>`, where the downloads put it. */
  path: string;
  size: number | null;
  /** 'file:size': the catalog's; 'content-length': a HEAD on the href; null: unknown. */
  sizeSource: 'file:size' | 'content-length' | null;
  /** The catalog's file:checksum (a multihash in hex), or null. */
  checksum: string | null;
  checksumAlgorithm: 'md5' | 'sha1' | 'sha256' | 'sha512' | null;
  downloadable: boolean;
  reason?: string;
}

export interface MissingEntry {
  collection: string;
  item: string;
  asset: string | null;
  reason: string;
}

export interface Basket {
  owner: string;
  entries: BasketEntry[];
  assets: BasketAsset[];
  missing: MissingEntry[];
  total: { assets: number; bytes: number; unknownSizes: number };
}

/** A download under way or just ended, as the basket view shows it. */
export interface DownloadProgress {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  received: number;
  /** From Content-Length; null when the server could not tell. */
  total: number | null;
  /** A sentence when it failed. */
  error?: string;
}

export type ScriptKind = 'sh' | 'py';
