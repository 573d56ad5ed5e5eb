import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import type { StacCollection, StacItem } from '../catalog/stac-types.js';
import { LOCAL_PROVIDER_ID } from '../schemas/federation.js';
import type { ItemSearch } from '../stac/item-search.js';
import type { SearchBody } from '../stac/search-request.js';
import { THESAURUS_MEMBER } from '../thesaurus/index.js';
import type { CollectionQuery, FederationProvider, ProviderPage } from './provider.js';

/**
 * The catalog's own PgSTAC as the provider `local`: the same ItemSearch and collection search
 * the routes use without federation (thesaurus, Query extension, queryables checks), paged by
 * PgSTAC's own token and by offset. Its items are unchanged.
 */
export class LocalProvider implements FederationProvider {
  readonly id = LOCAL_PROVIDER_ID;
  readonly timeoutMs = undefined;

  constructor(
    readonly title: string,
    private readonly search: ItemSearch,
    private readonly catalog: PgstacCatalog,
    private readonly baseUrl: string,
    private readonly presentCollection: (c: StacCollection) => StacCollection,
  ) {}

  async searchItems(
    body: SearchBody,
    cursor: unknown,
    limit: number,
  ): Promise<ProviderPage<StacItem>> {
    const page = await this.search.run(
      { ...body, limit, ...(typeof cursor === 'string' ? { token: cursor } : {}) },
      { method: 'GET', endpoint: `${this.baseUrl}search`, query: new URLSearchParams() },
    );
    const next = page.links.find((l) => l.rel === 'next')?.href;
    const thesaurus = page[THESAURUS_MEMBER];
    return {
      features: page.features,
      next: next ? (new URL(next).searchParams.get('token') ?? undefined) : undefined,
      matched: page.numberMatched,
      // How the thesaurus expanded q, as the search says without federation.
      ...(thesaurus ? { members: { [THESAURUS_MEMBER]: thesaurus } } : {}),
    };
  }

  async searchCollections(
    query: CollectionQuery,
    cursor: unknown,
    limit: number,
  ): Promise<ProviderPage<StacCollection>> {
    const offset = typeof cursor === 'number' ? cursor : 0;
    const page = await this.catalog.collectionSearch({ ...query.search, limit, offset });
    const reached = offset + page.numberReturned;
    return {
      features: page.collections.map(this.presentCollection),
      next: page.numberReturned > 0 && reached < page.numberMatched ? reached : undefined,
      matched: page.numberMatched,
    };
  }
}
