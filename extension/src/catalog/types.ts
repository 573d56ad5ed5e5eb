/**
 * The STAC shapes the extension reads from a catalog. Loose on purpose: the panel browses any
 * STAC API, and a field it does not know must not break it.
 */
import type { Geometry } from 'geojson';
import type {
  StacAssetLike,
  StacCollectionLike,
  StacItemLike,
  StacLinkLike,
} from '../codegen/index.js';

/** `[west, south, east, north]` in WGS84 degrees. */
export type Bbox = [number, number, number, number];

export interface StacItem extends StacItemLike {
  type: 'Feature';
  geometry: Geometry | null;
  bbox?: number[];
  properties: { datetime?: string | null; [field: string]: unknown };
  assets: { [key: string]: StacAssetLike };
  links: StacLinkLike[];
}

export interface StacCollection extends StacCollectionLike {
  title?: string;
  description: string;
  extent?: {
    spatial?: { bbox?: number[][] };
    temporal?: { interval?: (string | null)[][] };
  };
  keywords?: string[];
}

/** One page of an item search (STAC API ItemCollection). */
export interface ItemPage {
  items: StacItem[];
  numberMatched?: number;
  /** The body (POST) or URL (GET) of the next page, when there is one. */
  next: NextPage | null;
}

export type NextPage =
  | { method: 'GET'; href: string }
  | { method: 'POST'; href: string; body: Record<string, unknown> };

/** A queryable as `/queryables` describes it (JSON Schema, OGC API Features Part 3). */
export interface Queryable {
  name: string;
  title?: string;
  description?: string;
  /** JSON Schema type: string, number, integer, boolean, array, object. */
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  /** `$ref` to a spec schema (for example geometry or datetime), when the catalog gives one. */
  ref?: string;
}
