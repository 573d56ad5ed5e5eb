/** The STAC shapes the catalog handles. Validation lives in ../schemas; these are for code. */
export interface StacLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  method?: string;
  body?: unknown;
  merge?: boolean;
  [key: string]: unknown;
}

export interface StacItem {
  type: 'Feature';
  stac_version: string;
  stac_extensions?: string[];
  id: string;
  collection?: string;
  geometry: unknown;
  bbox?: number[];
  properties: Record<string, unknown>;
  links?: StacLink[];
  assets?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StacCollection {
  type: 'Collection';
  stac_version: string;
  id: string;
  description: string;
  license: string;
  extent: unknown;
  links?: StacLink[];
  [key: string]: unknown;
}

/** PgSTAC's search() result. */
export interface PgstacItemCollection {
  type: 'FeatureCollection';
  features: StacItem[];
  links: StacLink[];
  numberReturned: number;
  numberMatched?: number;
  /** How the thesaurus expanded the search's free text (not STAC; only when it did). */
  'styx:thesaurus'?: unknown;
}

/** PgSTAC's collection_search() result. */
export interface PgstacCollectionPage {
  collections: StacCollection[];
  links: StacLink[];
  numberMatched: number;
  numberReturned: number;
}

/** The search document PgSTAC's search() takes (STAC API Item Search, POST body). */
export interface PgstacSearch {
  collections?: string[];
  ids?: string[];
  bbox?: number[];
  intersects?: unknown;
  datetime?: string;
  limit?: number;
  filter?: unknown;
  'filter-lang'?: 'cql2-json';
  sortby?: { field: string; direction: 'asc' | 'desc' }[];
  fields?: { include?: string[]; exclude?: string[] };
  query?: Record<string, unknown>;
  q?: string | string[];
  token?: string;
  conf?: Record<string, unknown>;
}
