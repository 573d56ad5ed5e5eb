import { LruCache } from './lru-cache.js';

/**
 * Results of a lookup kept for a few seconds: a map view asks for dozens of tiles of one item
 * within a second, and each would otherwise ask PgSTAC for the same item. The price is that an
 * item changed or deleted keeps its tiles for up to `ttlMs` (the catalog's pages are not cached
 * at all; tiles are images, and their ETag changes with the file).
 */
export class RecentLookups<V> {
  private readonly entries: LruCache<string, { expires: number; value: Promise<V> }>;

  constructor(
    private readonly ttlMs: number,
    capacity: number,
  ) {
    this.entries = new LruCache(capacity);
  }

  get(key: string, lookup: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = lookup();
    const entry = { expires: now + this.ttlMs, value };
    this.entries.set(key, entry);
    // Failures (404s) are not remembered: the item may be created the next second.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
