import type { StacCollection, StacItem, StacLink } from '../catalog/stac-types.js';

/** What the pages read from the API's JSON: STAC documents, loosely typed as they arrive. */
export interface LandingDocument {
  title?: string;
  description?: string;
  links?: StacLink[];
}

export interface CollectionsDocument {
  collections: StacCollection[];
  links?: StacLink[];
  numberMatched?: number;
  numberReturned?: number;
}

export interface ItemsDocument {
  features: StacItem[];
  links?: StacLink[];
  numberMatched?: number;
  numberReturned?: number;
}

export interface StacAssetLike {
  href?: unknown;
  title?: unknown;
  type?: unknown;
  roles?: unknown;
  description?: unknown;
  [field: string]: unknown;
}

export function linkOf(links: StacLink[] | undefined, rel: string): StacLink | undefined {
  return links?.find((l) => l.rel === rel);
}

export function assetsOf(doc: { assets?: unknown }): [string, StacAssetLike][] {
  const assets = doc.assets;
  return assets && typeof assets === 'object'
    ? Object.entries(assets as Record<string, StacAssetLike>)
    : [];
}

/** The quick-look image: an asset with role thumbnail (or overview), else a preview link. */
export function thumbnailOf(doc: {
  assets?: unknown;
  links?: StacLink[];
}): StacAssetLike | undefined {
  const assets = assetsOf(doc).map(([, a]) => a);
  const hasRole = (a: StacAssetLike, role: string) =>
    Array.isArray(a.roles) && a.roles.includes(role);
  const isImage = (a: StacAssetLike) =>
    typeof a.type !== 'string' || /^image\/(png|jpeg|webp|gif)/.test(a.type);
  return (
    assets.find((a) => hasRole(a, 'thumbnail') && isImage(a)) ??
    assets.find((a) => hasRole(a, 'overview') && isImage(a)) ??
    doc.links?.find((l) => l.rel === 'preview' || l.rel === 'thumbnail')
  );
}

/** A human title: the document's title, else its id. */
export function titleOf(doc: {
  title?: unknown;
  id?: unknown;
  properties?: { title?: unknown };
}): string {
  const t = doc.title ?? doc.properties?.title;
  return typeof t === 'string' && t.trim() ? t : String(doc.id ?? '');
}

export function bboxOfCollection(c: StacCollection): number[] | undefined {
  const first = (c.extent as { spatial?: { bbox?: unknown[] } } | undefined)?.spatial?.bbox?.[0];
  if (!Array.isArray(first) || !first.every((v) => typeof v === 'number')) return undefined;
  const b = first as number[];
  // A 3D bbox is [w, s, zmin, e, n, zmax] (STAC Collection §Spatial Extent).
  if (b.length === 6) return [b[0]!, b[1]!, b[3]!, b[4]!];
  return b.length === 4 ? b : undefined;
}

export function intervalOfCollection(c: StacCollection): unknown {
  return (c.extent as { temporal?: { interval?: unknown[] } } | undefined)?.temporal?.interval?.[0];
}
