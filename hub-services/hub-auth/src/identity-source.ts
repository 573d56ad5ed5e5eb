import { timingSafeEqual } from 'node:crypto';
import type { HubClient } from './hub-client.js';
import type { HubIdentity } from './identity.js';
import { TokenCache } from './token-cache.js';

/** Turns a presented token into an identity, or undefined when the token is not valid. */
export interface IdentitySource {
  identify(token: string): Promise<HubIdentity | undefined>;
}

/**
 * Asks the Hub, with a short cache. Refused tokens are remembered for less time than accepted
 * ones, so that a token created a moment later (or a typo fixed) works soon, while a client
 * retrying a bad token in a loop does not hammer the Hub.
 */
export class HubIdentitySource implements IdentitySource {
  private readonly cache: TokenCache<HubIdentity | null>;
  private readonly inFlight = new Map<string, Promise<HubIdentity | undefined>>();

  constructor(
    private readonly client: HubClient,
    private readonly options: { ttlMs: number; refusedTtlMs: number; now?: () => number },
  ) {
    this.cache = new TokenCache(options.ttlMs, 10_000, options.now);
  }

  async identify(token: string): Promise<HubIdentity | undefined> {
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached ?? undefined;
    // Concurrent requests with one token share one call to the Hub.
    let pending = this.inFlight.get(token);
    if (!pending) {
      pending = this.client.identify(token).finally(() => this.inFlight.delete(token));
      this.inFlight.set(token, pending);
      const identity = await pending;
      this.cache.set(
        token,
        identity ?? null,
        identity ? this.options.ttlMs : this.options.refusedTtlMs,
      );
      return identity;
    }
    return pending;
  }
}

/**
 * Fixed tokens, for a service that runs without a Hub (the catalog standalone, with
 * STYX_CATALOG_WRITE_TOKEN). Compared in constant time.
 */
export class StaticTokenSource implements IdentitySource {
  private readonly tokens: Array<{ token: Buffer; identity: HubIdentity }>;

  constructor(tokens: Array<{ token: string; identity: HubIdentity }>) {
    this.tokens = tokens.map((t) => ({ token: Buffer.from(t.token), identity: t.identity }));
  }

  async identify(token: string): Promise<HubIdentity | undefined> {
    const got = Buffer.from(token);
    let found: HubIdentity | undefined;
    for (const t of this.tokens) {
      if (got.length === t.token.length && timingSafeEqual(got, t.token)) found = t.identity;
    }
    return found;
  }
}
