import type { StacCollection, StacItem, StacLink } from '../catalog/stac-types.js';
import { PROVIDER_PROPERTY, type ProviderConfig } from '../schemas/federation.js';
import type { SearchBody } from '../stac/search-request.js';
import type { CollectionQuery, FederationProvider, ProviderPage } from './provider.js';
import { fetchRemoteJson, RemoteError, sameOrigin } from './remote-http.js';

const GEOJSON = 'application/geo+json, application/json';

/** A remote next link: where the provider's next page is, as it said (STAC API §Paging). */
interface NextLink {
  href: string;
  method?: 'GET' | 'POST';
  body?: Record<string, unknown>;
}

/**
 * A remote STAC API (another Styx, stac-fastapi, any STAC API 1.0 with Item Search): POST
 * <url>/search with the user's search, GET <url>/collections for collection search, and its
 * own next links for paging. Items and collections keep their ids; their collection becomes
 * `<provider>:<collection>` so it never collides with a local one, and `styx:provider` names
 * where they came from. Links stay the provider's own: that is where the item lives.
 */
export class StacProvider implements FederationProvider {
  readonly id: string;
  readonly title: string;
  readonly timeoutMs: number;
  private readonly root: string;
  private readonly headers: Record<string, string> | undefined;

  constructor(config: ProviderConfig) {
    this.id = config.id;
    this.title = config.title;
    this.timeoutMs = config.timeoutMs;
    this.root = config.url.endsWith('/') ? config.url : `${config.url}/`;
    this.headers = config.headers;
  }

  async searchItems(
    body: SearchBody,
    cursor: unknown,
    limit: number,
    signal: AbortSignal,
  ): Promise<ProviderPage<StacItem>> {
    const link = (cursor as NextLink | undefined) ?? {
      href: new URL('search', this.root).href,
      method: 'POST' as const,
      body: body as Record<string, unknown>,
    };
    const page = (await this.follow(link, limit, signal)) as {
      features?: StacItem[];
      links?: StacLink[];
      numberMatched?: number;
      context?: { matched?: number };
    };
    if (!Array.isArray(page.features)) {
      throw new RemoteError(`${link.href} answered no FeatureCollection`);
    }
    return {
      features: page.features.map((item) => this.mark(item)),
      ...this.nextLink(page.links, link),
      matched: page.numberMatched ?? page.context?.matched,
    };
  }

  async searchCollections(
    query: CollectionQuery,
    cursor: unknown,
    limit: number,
    signal: AbortSignal,
  ): Promise<ProviderPage<StacCollection>> {
    const first = new URL('collections', this.root);
    first.search = query.query.toString();
    const link = (cursor as NextLink | undefined) ?? { href: first.href, method: 'GET' as const };
    const page = (await this.follow(link, limit, signal)) as {
      collections?: StacCollection[];
      links?: StacLink[];
      numberMatched?: number;
      context?: { matched?: number };
    };
    if (!Array.isArray(page.collections)) {
      throw new RemoteError(`${link.href} answered no collections`);
    }
    return {
      features: page.collections.map((c) => this.markCollection(c)),
      ...this.nextLink(page.links, link),
      matched: page.numberMatched ?? page.context?.matched,
    };
  }

  async getCollection(id: string, signal: AbortSignal): Promise<StacCollection> {
    const url = new URL(`collections/${encodeURIComponent(id)}`, this.root).href;
    const collection = (await fetchRemoteJson({
      url,
      accept: 'application/json',
      headers: this.headers,
      signal,
    })) as StacCollection;
    if (collection?.type !== 'Collection') throw new RemoteError(`${url} answered no collection`);
    return this.markCollection(collection);
  }

  /** Requests a page, with this page's limit (a remote's token does not depend on it). */
  private follow(link: NextLink, limit: number, signal: AbortSignal): Promise<unknown> {
    if (link.method === 'POST') {
      return fetchRemoteJson({
        url: link.href,
        method: 'POST',
        body: { ...link.body, limit },
        accept: GEOJSON,
        headers: this.headers,
        signal,
      });
    }
    const url = new URL(link.href);
    url.searchParams.set('limit', String(limit));
    return fetchRemoteJson({ url: url.href, accept: GEOJSON, headers: this.headers, signal });
  }

  /**
   * Where its next page is. A next link to another origin is not followed (the provider's
   * headers would go there): this page's results are kept, and its report says paging stopped.
   */
  private nextLink(
    links: StacLink[] | undefined,
    current: NextLink,
  ): { next?: NextLink; message?: string } {
    const next = links?.find((l) => l.rel === 'next');
    if (!next?.href) return {};
    if (!sameOrigin(next.href, this.root)) {
      return {
        message: `its next link leaves ${new URL(this.root).origin} (${next.href}); not followed, so its results end here`,
      };
    }
    if ((next.method ?? 'GET').toUpperCase() === 'POST') {
      // STAC API Item Search §Paging: merge=true means "the previous body, with these changes".
      const given = (next.body ?? {}) as Record<string, unknown>;
      const body = next.merge ? { ...current.body, ...given } : given;
      return { next: { href: next.href, method: 'POST', body } };
    }
    return { next: { href: next.href, method: 'GET' } };
  }

  private markCollection(c: StacCollection): StacCollection {
    return { ...c, id: `${this.id}:${c.id}`, [PROVIDER_PROPERTY]: this.id };
  }

  private mark(item: StacItem): StacItem {
    return {
      ...item,
      ...(item.collection ? { collection: `${this.id}:${item.collection}` } : {}),
      properties: { ...item.properties, [PROVIDER_PROPERTY]: this.id },
    };
  }
}
