/**
 * The catalog model's public surface, shared by the panel, the map and the drag-and-drop
 * plugins. Widgets render it and call its methods; only the model talks to the catalog.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { SearchLike } from '../codegen/index.js';
import type { ConceptSuggestion } from './concept-suggestions.js';
import type { Bbox, Queryable, StacCollection, StacItem } from './types.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A loaded list with its state, as the panel shows it (loading, empty, error in words). */
export interface ListState<T> {
  status: LoadStatus;
  items: readonly T[];
  /** `numberMatched` from the catalog, when it gives one. */
  numberMatched?: number;
  /** More pages can be loaded with `loadMore…()`. */
  hasMore: boolean;
  /** A sentence for the user when `status` is `error`. */
  error?: string;
}

/** One row of the filter builder: `<queryable> <op> <value>`. */
export interface FilterClause {
  property: string;
  op: FilterOp;
  /** Text as the user typed it; converted by the queryable's type when the search runs. */
  value: string;
  /** Upper bound for `between`. */
  value2?: string;
}

export type FilterOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'between' | 'like' | 'in' | 'isNull';

export interface SortChoice {
  field: string;
  direction: 'asc' | 'desc';
}

/** What the search form holds. Empty fields are left out of the request. */
export interface SearchQuery {
  collections: string[];
  /** Free text (STAC API Free-Text extension). */
  q: string;
  /** Dates as `YYYY-MM-DD` (inclusive, UTC); empty for an open end. */
  start: string;
  end: string;
  bbox: Bbox | null;
  filters: FilterClause[];
  sortby: SortChoice | null;
}

export type SelectionSource = 'panel' | 'map' | 'api';

export interface SelectionChange {
  item: StacItem | null;
  source: SelectionSource;
}

export interface ICatalogModel extends IDisposable {
  /** Base URL of the STAC API, ending with `/`. */
  readonly catalogUrl: string;
  /** Emitted when the catalog URL changes (settings); everything is reloaded. */
  readonly catalogChanged: ISignal<ICatalogModel, string>;

  // Collections (collection search: free text).
  readonly collections: ListState<StacCollection>;
  readonly collectionsChanged: ISignal<ICatalogModel, ListState<StacCollection>>;
  readonly collectionText: string;
  searchCollections(text: string): Promise<void>;
  loadMoreCollections(): Promise<void>;

  // Item search.
  readonly query: SearchQuery;
  readonly queryChanged: ISignal<ICatalogModel, SearchQuery>;
  setQuery(patch: Partial<SearchQuery>): void;
  /** Queryables of the selected collections (all of the catalog's when none is selected). */
  readonly queryables: readonly Queryable[];
  readonly queryablesChanged: ISignal<ICatalogModel, readonly Queryable[]>;
  /** Loads the queryables for the chosen collections (also done when the choice changes). */
  refreshQueryables(): Promise<void>;
  /** The current query in STAC API terms (also what a dropped "search" carries). */
  searchRequest(): SearchLike;
  search(): Promise<void>;
  loadMoreResults(): Promise<void>;
  /**
   * Thesaurus concepts for the alternative being typed in `q` (none when it is too short or
   * the catalog has no thesaurus). A newer call cancels an older one still waiting.
   */
  suggestConcepts(q: string): Promise<ConceptSuggestion[]>;
  readonly results: ListState<StacItem>;
  readonly resultsChanged: ISignal<ICatalogModel, ListState<StacItem>>;

  // Selection, shared both ways between the panel and the map.
  readonly selected: StacItem | null;
  readonly selectionChanged: ISignal<ICatalogModel, SelectionChange>;
  select(item: StacItem | null, source: SelectionSource): void;

  // The map's current view, so "search in map view" can use it; set by the map widget.
  readonly mapViewBbox: Bbox | null;
  setMapViewBbox(bbox: Bbox | null): void;
  /** Emitted when the panel asks the map to let the user draw a search rectangle. */
  readonly drawBboxRequested: ISignal<ICatalogModel, void>;
  requestDrawBbox(): void;
}

export const ICatalogModel = new Token<ICatalogModel>(
  '@styx/jupyterlab:ICatalogModel',
  'The Styx catalog model: collections, item search, results and the shared selection.',
);
