/**
 * Sizes learnt by probing hrefs (HEAD), kept for a while: a basket is listed often (every
 * change, every refresh of the view) and remote servers should not be asked each time.
 */
export class AssetSizeCache {
  private readonly entries = new Map<string, { size: number | null; until: number }>();

  constructor(
    private readonly probe: (href: string) => Promise<number | null>,
    private readonly options: { ttlMs: number; maxEntries: number } = {
      ttlMs: 10 * 60_000,
      maxEntries: 10_000,
    },
  ) {}

  async sizeOf(href: string): Promise<number | null> {
    const now = Date.now();
    const known = this.entries.get(href);
    if (known && known.until > now) return known.size;
    const size = await this.probe(href);
    // An unknown size is retried sooner: the server may only have been down for a moment.
    const ttl = size === null ? Math.min(this.options.ttlMs, 30_000) : this.options.ttlMs;
    this.entries.delete(href);
    this.entries.set(href, { size, until: now + ttl });
    // Map keeps insertion order: the first key is the oldest.
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return size;
  }
}
