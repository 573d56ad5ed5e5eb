import type { StacCollection, StacItem } from '../catalog/stac-types.js';
import type { SearchBody } from '../stac/search-request.js';

/** The collection search parameters a provider is asked, as the catalog validated them. */
export interface CollectionQuery {
  /** PgSTAC's collection_search document (q expanded by the thesaurus, bbox, filter...). */
  search: Record<string, unknown>;
  /** The query string as the user sent it (less paging and providers), for remote STAC APIs. */
  query: URLSearchParams;
}

/** One page of one provider's answer. */
export interface ProviderPage<T> {
  features: T[];
  /** Where its next page starts (its own token, link or index); undefined: it has no more. */
  next?: unknown;
  /** How many it says match, when it says. */
  matched?: number;
  /** Something the user should know about this page (its report carries it). */
  message?: string;
  /** Top-level members for the federated response (the local thesaurus report). */
  members?: Record<string, unknown>;
}

/**
 * A provider cannot answer this query faithfully (say, an OpenSearch server asked for a CQL2
 * filter): it is not asked, rather than asked something else; the report says why.
 */
export class ProviderSkip extends Error {}

/** A source of items (and maybe collections) that a federated search fans out to. */
export interface FederationProvider {
  readonly id: string;
  readonly title: string;
  /** Give up on it after this long; undefined: no limit (the catalog's own database). */
  readonly timeoutMs: number | undefined;
  /**
   * One page of items from `cursor` (undefined: the first page), at most `limit`. `body` is the
   * validated search with collections already named as this provider knows them.
   */
  searchItems(
    body: SearchBody,
    cursor: unknown,
    limit: number,
    signal: AbortSignal,
  ): Promise<ProviderPage<StacItem>>;
  /** One collection by its own id; undefined when the protocol has no collections. */
  getCollection?(id: string, signal: AbortSignal): Promise<StacCollection>;
  /** Collection search; undefined when the protocol has no collections (OpenSearch). */
  searchCollections?(
    query: CollectionQuery,
    cursor: unknown,
    limit: number,
    signal: AbortSignal,
  ): Promise<ProviderPage<StacCollection>>;
}
