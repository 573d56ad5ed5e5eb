/**
 * Opened COGs per asset href, kept in a bounded LRU: a map view asks for dozens of tiles of the
 * same file, and each would otherwise fetch and parse the header (IFDs) again. Each entry also
 * holds geotiff.js's block cache of that file's bytes (bounded per file), so neighbouring tiles
 * reuse a range already fetched.
 */

import { resolve, sep } from 'node:path';
import { fromFile, fromUrl, type GeoTIFF } from 'geotiff';
import { type Cog, describeCog } from './cog.js';
import { DecodedTiles } from './decoded-tiles.js';
import { AssetFetchError, UnreadableAssetError } from './errors.js';
import { LruCache } from './lru-cache.js';
import { useNativeDeflate } from './zlib-decoder.js';

export interface CogCacheOptions {
  /** How many files' headers to keep. */
  capacity?: number;
  /**
   * Asset hrefs under `urlPrefix` (the catalog's own demo files, `<public URL>files/demo/`) are
   * read from `root` directly: same bytes, by the same ranges, without a round trip through the
   * public URL (which, behind JupyterHub's proxy or an ingress, the pod may not even reach).
   */
  localFiles?: { urlPrefix: string; root: string } | undefined;
}

/** Range-request block size: a COG's header and a few small tiles in one request. */
const BLOCK_SIZE = 16 * 1024;
/** Blocks kept per file (16 KiB each): 1 MiB per file, 64 MiB for the default capacity. */
const BLOCKS_PER_FILE = 64;

export class CogCache {
  private readonly entries: LruCache<string, Promise<Cog>>;
  private readonly localFiles: CogCacheOptions['localFiles'];
  private readonly tiles = new DecodedTiles();

  constructor(options: CogCacheOptions = {}) {
    useNativeDeflate();
    this.entries = new LruCache(options.capacity ?? 64);
    this.localFiles = options.localFiles && {
      urlPrefix: options.localFiles.urlPrefix,
      root: resolve(options.localFiles.root),
    };
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The opened COG at `href`. `version` (the asset's `file:checksum`, when it has one) is part of
   * the key, so a file replaced under the same href is opened anew.
   */
  open(href: string, version = ''): Promise<Cog> {
    const key = `${href}\n${version}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.openUncached(href, key);
      this.entries.set(key, entry);
      // A failure is not cached: the next request tries again (the file may appear).
      entry.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return entry;
  }

  private async openUncached(href: string, key: string): Promise<Cog> {
    let tiff: GeoTIFF;
    try {
      tiff = await this.openSource(href);
    } catch (error) {
      if (error instanceof UnreadableAssetError || error instanceof AssetFetchError) throw error;
      throw new UnreadableAssetError(`${href} is not a readable GeoTIFF: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return describeCog(tiff, href, this.tiles, key);
  }

  private async openSource(href: string): Promise<GeoTIFF> {
    const local = this.localPath(href);
    if (local) return fromFile(local);
    if (!/^https?:\/\//i.test(href)) {
      throw new UnreadableAssetError(
        `the asset's href ${href} is not an http(s) URL; tiles are made from COGs served over HTTP with range requests`,
      );
    }
    try {
      // geotiff's types omit the BlockedSource options that fromUrl passes on (remote.js).
      const blocks = { blockSize: BLOCK_SIZE, cacheSize: BLOCKS_PER_FILE };
      return await fromUrl(href, blocks as Parameters<typeof fromUrl>[1]);
    } catch (error) {
      const status = /status code:? ?(\d{3})|(\d{3})/.exec(messageOf(error));
      if (error instanceof TypeError && /fetch failed/.test(error.message)) {
        throw new AssetFetchError(`the asset's file at ${href} could not be fetched`, {
          cause: error,
        });
      }
      throw new UnreadableAssetError(
        `${href} could not be read as a GeoTIFF by range requests${status ? ` (${messageOf(error)})` : ''}`,
        { cause: error },
      );
    }
  }

  private localPath(href: string): string | undefined {
    const local = this.localFiles;
    if (!local || !href.startsWith(local.urlPrefix)) return undefined;
    const rel = href
      .slice(local.urlPrefix.length)
      .replace(/[?#].*$/, '')
      .split('/')
      .map((segment) => decodeURIComponent(segment));
    const path = resolve(local.root, ...rel);
    // Never outside the served folder, whatever the href says.
    return path.startsWith(local.root + sep) ? path : undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
