/**
 * The catalog model: collections, the search form's state, paged results and the selection
 * shared by the panel and the map. It owns all requests to the catalog; a newer request
 * cancels an older one of the same kind, so a slow answer never overwrites a newer one.
 */
import { type ISignal, Signal } from '@lumino/signaling';
import type { SearchLike } from '../codegen/index.js';
import { CatalogClient, CatalogRequestError, type FetchFunction, isAbort } from './client.js';
import { type ConceptSuggestion, typedFragment } from './concept-suggestions.js';
import { isSameItem } from './item-identity.js';
import { buildSearchRequest, EMPTY_QUERY } from './search-request.js';
import type {
  ICatalogModel,
  ListState,
  SearchQuery,
  SelectionChange,
  SelectionSource,
} from './tokens.js';
import type { Bbox, NextPage, Queryable, StacCollection, StacItem } from './types.js';

const EMPTY_LIST: ListState<never> = { status: 'idle', items: [], hasMore: false };

export class CatalogModel implements ICatalogModel {
  constructor(options: CatalogModel.IOptions) {
    this.fetchFn = options.fetch;
    this.client = this.makeClient(options.catalogUrl);
    this.pageSize = options.pageSize ?? 100;
    this.collectionPageSize = options.collectionPageSize ?? 50;
  }

  get catalogUrl(): string {
    return this.client.baseUrl;
  }

  get catalogChanged(): ISignal<ICatalogModel, string> {
    return this._catalogChanged;
  }

  /** Points the model at another catalog: everything loaded so far is dropped. */
  setCatalogUrl(url: string): void {
    const client = this.makeClient(url);
    if (client.baseUrl === this.client.baseUrl) {
      return;
    }
    this.client = client;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.collectionsNext = null;
    this.resultsNext = null;
    this.queryablesCache.clear();
    this._queryables = [];
    this._queryablesChanged.emit(this._queryables);
    this.setCollections(EMPTY_LIST);
    this.setResults(EMPTY_LIST);
    this._query = { ...EMPTY_QUERY };
    this._queryChanged.emit(this._query);
    this.select(null, 'api');
    this._catalogChanged.emit(client.baseUrl);
  }

  // Collections ---------------------------------------------------------------------------

  get collections(): ListState<StacCollection> {
    return this._collections;
  }

  get collectionsChanged(): ISignal<ICatalogModel, ListState<StacCollection>> {
    return this._collectionsChanged;
  }

  get collectionText(): string {
    return this._collectionText;
  }

  async searchCollections(text: string): Promise<void> {
    this._collectionText = text;
    const signal = this.begin('collections');
    this.setCollections({ status: 'loading', items: [], hasMore: false });
    try {
      const page = await this.client.collections(text, this.collectionPageSize, signal);
      this.collectionsNext = page.next;
      this.setCollections(readyList(page.collections, page.numberMatched, page.next));
    } catch (error) {
      this.fail('collections', error, signal, (message) =>
        this.setCollections({ status: 'error', items: [], hasMore: false, error: message }),
      );
    }
  }

  async loadMoreCollections(): Promise<void> {
    const next = this.collectionsNext;
    if (!next || this._collections.status === 'loading') return;
    const before = this._collections;
    const signal = this.begin('collections');
    this.setCollections({ ...before, status: 'loading' });
    try {
      const page = await this.client.moreCollections(next, signal);
      this.collectionsNext = page.next;
      this.setCollections(
        readyList(
          [...before.items, ...page.collections],
          page.numberMatched ?? before.numberMatched,
          page.next,
        ),
      );
    } catch (error) {
      this.fail('collections', error, signal, (message) =>
        this.setCollections({ ...before, status: 'error', error: message }),
      );
    }
  }

  // The search form -----------------------------------------------------------------------

  get query(): SearchQuery {
    return this._query;
  }

  get queryChanged(): ISignal<ICatalogModel, SearchQuery> {
    return this._queryChanged;
  }

  setQuery(patch: Partial<SearchQuery>): void {
    const collectionsChanged =
      patch.collections !== undefined && !sameList(patch.collections, this._query.collections);
    this._query = { ...this._query, ...patch };
    this._queryChanged.emit(this._query);
    if (collectionsChanged) {
      void this.refreshQueryables();
    }
  }

  get queryables(): readonly Queryable[] {
    return this._queryables;
  }

  get queryablesChanged(): ISignal<ICatalogModel, readonly Queryable[]> {
    return this._queryablesChanged;
  }

  /** Loads the queryables for the chosen collections (cached per set of collections). */
  async refreshQueryables(): Promise<void> {
    const collections = [...this._query.collections].sort();
    const key = collectionsKey(collections);
    let pending = this.queryablesCache.get(key);
    if (!pending) {
      pending = this.client.queryables(collections);
      this.queryablesCache.set(key, pending);
      // A failed load is not cached: the next change tries again.
      pending.catch(() => this.queryablesCache.delete(key));
    }
    try {
      const queryables = await pending;
      // Answer only if the choice of collections has not moved on meanwhile.
      if (collectionsKey(this._query.collections) === key) {
        this._queryables = queryables;
        this._queryablesChanged.emit(queryables);
      }
    } catch {
      // Without queryables (many catalogs have no Filter extension) the filter builder offers
      // nothing, rather than another catalog's or collection's fields; searching still works.
      if (collectionsKey(this._query.collections) === key && this._queryables.length > 0) {
        this._queryables = [];
        this._queryablesChanged.emit(this._queryables);
      }
    }
  }

  searchRequest(): SearchLike {
    return buildSearchRequest(this._query, this._queryables, this.pageSize);
  }

  // Results -------------------------------------------------------------------------------

  get results(): ListState<StacItem> {
    return this._results;
  }

  get resultsChanged(): ISignal<ICatalogModel, ListState<StacItem>> {
    return this._resultsChanged;
  }

  async search(): Promise<void> {
    let request: SearchLike;
    try {
      request = this.searchRequest();
    } catch (error) {
      // A mistake in the form: say what to fix, send nothing.
      this.inFlight.get('results')?.abort();
      this.setResults({ status: 'error', items: [], hasMore: false, error: errorMessage(error) });
      return;
    }
    const signal = this.begin('results');
    this.resultsNext = null;
    this.setResults({ status: 'loading', items: [], hasMore: false });
    try {
      const page = await this.client.search(request, signal);
      this.resultsNext = page.next;
      this.setResults(readyList(page.items, page.numberMatched, page.next));
    } catch (error) {
      this.fail('results', error, signal, (message) =>
        this.setResults({ status: 'error', items: [], hasMore: false, error: message }),
      );
    }
  }

  async loadMoreResults(): Promise<void> {
    const next = this.resultsNext;
    if (!next || this._results.status === 'loading') return;
    const before = this._results;
    const signal = this.begin('results');
    this.setResults({ ...before, status: 'loading' });
    try {
      const page = await this.client.moreItems(next, signal);
      this.resultsNext = page.next;
      this.setResults(
        readyList(
          [...before.items, ...page.items],
          page.numberMatched ?? before.numberMatched,
          page.next,
        ),
      );
    } catch (error) {
      this.fail('results', error, signal, (message) =>
        this.setResults({ ...before, status: 'error', error: message }),
      );
    }
  }

  async suggestConcepts(q: string): Promise<ConceptSuggestion[]> {
    const fragment = typedFragment(q);
    const signal = this.begin('suggestions');
    if (fragment === null) {
      return [];
    }
    try {
      return await this.client.conceptSuggestions(fragment, { limit: SUGGESTION_LIMIT }, signal);
    } catch {
      // Suggestions help typing; the search itself reports the catalog's troubles.
      return [];
    } finally {
      if (this.inFlight.get('suggestions')?.signal === signal) this.inFlight.delete('suggestions');
    }
  }

  // Selection and the map -----------------------------------------------------------------

  get selected(): StacItem | null {
    return this._selected;
  }

  get selectionChanged(): ISignal<ICatalogModel, SelectionChange> {
    return this._selectionChanged;
  }

  select(item: StacItem | null, source: SelectionSource): void {
    if (isSameItem(item, this._selected)) return;
    this._selected = item;
    this._selectionChanged.emit({ item, source });
  }

  get mapViewBbox(): Bbox | null {
    return this._mapViewBbox;
  }

  setMapViewBbox(bbox: Bbox | null): void {
    this._mapViewBbox = bbox;
  }

  get drawBboxRequested(): ISignal<ICatalogModel, void> {
    return this._drawBboxRequested;
  }

  requestDrawBbox(): void {
    this._drawBboxRequested.emit();
  }

  // Lifecycle -----------------------------------------------------------------------------

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    Signal.clearData(this);
  }

  // ---------------------------------------------------------------------------------------

  private makeClient(url: string): CatalogClient {
    return new CatalogClient({ baseUrl: url, ...(this.fetchFn ? { fetch: this.fetchFn } : {}) });
  }

  /** Cancels the previous request of this kind and returns the new one's abort signal. */
  private begin(kind: RequestKind): AbortSignal {
    this.inFlight.get(kind)?.abort();
    const controller = new AbortController();
    this.inFlight.set(kind, controller);
    return controller.signal;
  }

  private fail(
    kind: RequestKind,
    error: unknown,
    signal: AbortSignal,
    show: (message: string) => void,
  ): void {
    if (signal.aborted || isAbort(error)) return; // superseded by a newer request
    if (this.inFlight.get(kind)?.signal === signal) this.inFlight.delete(kind);
    show(errorMessage(error));
  }

  private setCollections(state: ListState<StacCollection>): void {
    this._collections = state;
    this._collectionsChanged.emit(state);
  }

  private setResults(state: ListState<StacItem>): void {
    this._results = state;
    this._resultsChanged.emit(state);
  }

  private readonly fetchFn: FetchFunction | undefined;
  private client: CatalogClient;
  /** Items per search page (STAC `limit`); applies from the next search. */
  pageSize: number;
  private readonly collectionPageSize: number;
  private readonly inFlight = new Map<RequestKind, AbortController>();
  private readonly queryablesCache = new Map<string, Promise<Queryable[]>>();
  private collectionsNext: NextPage | null = null;
  private resultsNext: NextPage | null = null;
  private _collectionText = '';
  private _collections: ListState<StacCollection> = EMPTY_LIST;
  private _results: ListState<StacItem> = EMPTY_LIST;
  private _query: SearchQuery = { ...EMPTY_QUERY };
  private _queryables: readonly Queryable[] = [];
  private _selected: StacItem | null = null;
  private _mapViewBbox: Bbox | null = null;
  private _isDisposed = false;
  private readonly _catalogChanged = new Signal<ICatalogModel, string>(this);
  private readonly _collectionsChanged = new Signal<ICatalogModel, ListState<StacCollection>>(this);
  private readonly _queryChanged = new Signal<ICatalogModel, SearchQuery>(this);
  private readonly _queryablesChanged = new Signal<ICatalogModel, readonly Queryable[]>(this);
  private readonly _resultsChanged = new Signal<ICatalogModel, ListState<StacItem>>(this);
  private readonly _selectionChanged = new Signal<ICatalogModel, SelectionChange>(this);
  private readonly _drawBboxRequested = new Signal<ICatalogModel, void>(this);
}

export namespace CatalogModel {
  export interface IOptions {
    catalogUrl: string;
    /** Defaults to the browser's fetch; behind JupyterHub, one that sends the user's token. */
    fetch?: FetchFunction;
    /** Items per search page (STAC `limit`). */
    pageSize?: number;
    collectionPageSize?: number;
  }
}

type RequestKind = 'collections' | 'results' | 'suggestions';

/** Concepts offered under the search box at most. */
const SUGGESTION_LIMIT = 6;

function readyList<T>(
  items: readonly T[],
  numberMatched: number | undefined,
  next: NextPage | null,
): ListState<T> {
  return {
    status: 'ready',
    items,
    hasMore: next !== null,
    ...(numberMatched === undefined ? {} : { numberMatched }),
  };
}

function errorMessage(error: unknown): string {
  if (
    error instanceof CatalogRequestError ||
    (error instanceof Error && error.name.endsWith('Error'))
  ) {
    return error.message;
  }
  return String(error);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The queryables cache key of a choice of collections (their order does not matter). */
function collectionsKey(collections: readonly string[]): string {
  return [...collections].sort().join('\n');
}
