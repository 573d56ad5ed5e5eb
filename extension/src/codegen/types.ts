/**
 * The few STAC fields code generation reads. Deliberately loose (extra fields allowed, most
 * optional): drops come from catalogs other than Styx, and a missing field should degrade the
 * generated cell, not make the drop fail.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

export interface StacLinkLike {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

/** One column of the STAC Table extension (`table:columns`). */
export interface TableColumnLike {
  name: string;
  type?: string;
  description?: string;
}

export interface StacAssetLike {
  href: string;
  type?: string;
  roles?: string[];
  title?: string;
  description?: string;
  'table:columns'?: TableColumnLike[];
  [field: string]: unknown;
}

export interface StacItemLike {
  id: string;
  collection?: string;
  properties?: { [field: string]: unknown };
  assets?: { [key: string]: StacAssetLike };
  links?: StacLinkLike[];
  [field: string]: unknown;
}

/** An asset description without an href, as in a collection's `item_assets`. */
export type ItemAssetLike = Omit<StacAssetLike, 'href'>;

export interface StacCollectionLike {
  id: string;
  title?: string;
  description?: string;
  summaries?: { [field: string]: unknown };
  item_assets?: { [key: string]: ItemAssetLike };
  assets?: { [key: string]: StacAssetLike };
  links?: StacLinkLike[];
  [field: string]: unknown;
}

export interface SortbyTerm {
  field: string;
  direction?: 'asc' | 'desc';
}

/** Item search parameters as the catalog panel holds them (STAC API Item Search and extensions). */
export interface SearchLike {
  collections?: string[];
  ids?: string[];
  bbox?: number[];
  intersects?: { [key: string]: JsonValue | undefined };
  /** RFC 3339 instant or interval (`start/end`, `..` for an open end). */
  datetime?: string;
  /** CQL2-JSON (an object) or CQL2-text (a string). */
  filter?: { [key: string]: JsonValue | undefined } | string;
  /** Overrides the language inferred from the filter's shape. */
  filterLang?: 'cql2-json' | 'cql2-text';
  /** `-datetime,+id` form, or the POST form. */
  sortby?: string | SortbyTerm[];
  /** Page size sent to the API. */
  limit?: number;
  /** How many items the cell fetches in all; defaults to `limit`, or 100. */
  maxItems?: number;
  /** Free-text search (STAC API Free-Text extension). */
  q?: string | string[];
  /** Query extension (`{"eo:cloud_cover": {"lt": 10}}`). */
  query?: { [key: string]: JsonValue | undefined };
}

export type DropTarget =
  | { kind: 'item'; catalogUrl: string; item: StacItemLike }
  | { kind: 'asset'; catalogUrl: string; item: StacItemLike; assetKey: string }
  | { kind: 'collection'; catalogUrl: string; collection: StacCollectionLike }
  | { kind: 'search'; catalogUrl: string; search: SearchLike };

export interface GeneratedCode {
  /** The whole cell: comments, imports, body, and the variable alone on the last line. */
  code: string;
  /** The import statements at the top of `code`, one per entry. */
  imports: string[];
  /** The name the cell binds its result to. */
  variable: string;
  /** One line for a tooltip or a menu entry. */
  description: string;
}

/**
 * A dataset mounted in the user's home (Styx's kernels gateway): files under any of
 * `hrefPrefixes` are at the same relative path under `path`, which every kernel of theirs sees.
 */
export interface MountedFiles {
  name: string;
  /** Relative to the user's home: `data/<name>`. */
  path: string;
  /** Href prefixes the mount holds, each ending with '/' (`s3://bucket/dir/`, `/srv/data/`). */
  hrefPrefixes: string[];
}

export interface GenerateOptions {
  /** Preferred variable name; made into a valid, non-clashing Python identifier. */
  variable?: string;
  /** Mounts of the dropped dataset: the cell reads their files rather than the remote hrefs. */
  mounts?: readonly MountedFiles[];
}
