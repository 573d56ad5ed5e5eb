import { createHash } from 'node:crypto';

/**
 * A short-lived, bounded cache of token → answer, so that a burst of requests with one token
 * asks the Hub once (JupyterHub's own HubAuth caches for the same reason). Keys are SHA-256
 * digests: the cache never holds a token itself. Oldest entries go first when it is full.
 */
export class TokenCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): V | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: V, ttlMs = this.ttlMs): void {
    const key = digest(token);
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
