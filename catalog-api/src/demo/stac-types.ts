/**
 * Minimal STAC 1.0.0 shapes used by the demo generator. They only describe what the generator
 * emits; the catalog API has its own validation.
 */

export type Position = [lon: number, lat: number];
export type BBox = [west: number, south: number, east: number, north: number];

export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}

export interface PolygonGeometry {
  type: 'Polygon';
  /** Linear rings; the first is the exterior, each closed (first position repeated last). */
  coordinates: Position[][];
}

export type Geometry = PointGeometry | LineStringGeometry | PolygonGeometry;

export interface StacLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

export interface StacAsset {
  href: string;
  type: string;
  roles: string[];
  title: string;
  description?: string;
  /** Extension fields such as `file:size` or `classification:classes`. */
  [field: string]: unknown;
}

export interface StacItemProperties {
  /** Null only when `start_datetime` and `end_datetime` are both given. */
  datetime: string | null;
  start_datetime?: string;
  end_datetime?: string;
  [field: string]: unknown;
}

export interface StacItem {
  type: 'Feature';
  stac_version: '1.0.0';
  stac_extensions: string[];
  id: string;
  collection: string;
  geometry: Geometry;
  bbox: BBox;
  properties: StacItemProperties;
  /** Empty: the API adds self/parent/collection/root links when serving. */
  links: StacLink[];
  assets: Record<string, StacAsset>;
}

export interface StacProvider {
  name: string;
  description?: string;
  roles: ('licensor' | 'producer' | 'processor' | 'host')[];
  url?: string;
}

export interface StacRange {
  minimum: number | string;
  maximum: number | string;
}

export interface StacItemAssetDefinition {
  type: string;
  roles: string[];
  title: string;
  description?: string;
  [field: string]: unknown;
}

export interface StacCollection {
  type: 'Collection';
  stac_version: '1.0.0';
  stac_extensions: string[];
  id: string;
  title: string;
  description: string;
  keywords: string[];
  license: string;
  providers: StacProvider[];
  extent: {
    /** The first box covers every item; the others, one per basin, refine it. */
    spatial: { bbox: BBox[] };
    temporal: { interval: [string, string][] };
  };
  summaries: Record<string, unknown[] | StacRange>;
  item_assets: Record<string, StacItemAssetDefinition>;
  links: StacLink[];
}
