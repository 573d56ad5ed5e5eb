import type { StacLink } from '../catalog/stac-types.js';

/**
 * Link building. Every href is rooted at the catalog's public URL (which ends with '/'), so a
 * client reaching the catalog through a proxy (for example JupyterHub's /services/catalog/)
 * gets links that work there.
 */
export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  schema: 'application/schema+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  html: 'text/html',
} as const;

export const REL_QUERYABLES = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
export const REL_AGGREGATE = 'aggregate';
/** No registered relation names a vocabulary for search; Styx's own, as STAC allows any rel. */
export const REL_THESAURUS = 'thesaurus';

export function urlFor(base: string, path: string, query?: URLSearchParams): string {
  const q = query?.toString();
  return `${base}${path.replace(/^\//, '')}${q ? `?${q}` : ''}`;
}

const enc = encodeURIComponent;

/** Where the catalog serves the demo's asset files, relative to its public URL. */
export const DEMO_FILES_PATH = 'files/demo/';

/**
 * Asset hrefs for the demo's files as the catalog serves them: `<base>files/demo/<relPath>`,
 * each segment of the relative POSIX path percent-encoded.
 */
export function demoFileHref(base: string): (relPath: string) => string {
  return (relPath) => urlFor(base, DEMO_FILES_PATH + relPath.split('/').map(enc).join('/'));
}

export function collectionPath(collectionId: string): string {
  return `collections/${enc(collectionId)}`;
}

export function itemPath(collectionId: string, itemId: string): string {
  return `${collectionPath(collectionId)}/items/${enc(itemId)}`;
}

/** Links a collection carries: self, parent, root, items, queryables, aggregations. */
export function collectionLinks(base: string, collectionId: string): StacLink[] {
  const self = urlFor(base, collectionPath(collectionId));
  return [
    { rel: 'self', type: MEDIA.json, href: self },
    { rel: 'parent', type: MEDIA.json, href: base },
    { rel: 'root', type: MEDIA.json, href: base },
    { rel: 'items', type: MEDIA.geojson, href: `${self}/items` },
    { rel: REL_QUERYABLES, type: MEDIA.schema, href: `${self}/queryables` },
    { rel: REL_AGGREGATE, type: MEDIA.json, href: `${self}/aggregate`, method: 'GET' },
  ];
}

/** Links an item carries: self, parent, collection, root. */
export function itemLinks(base: string, collectionId: string, itemId: string): StacLink[] {
  const collection = urlFor(base, collectionPath(collectionId));
  return [
    { rel: 'self', type: MEDIA.geojson, href: urlFor(base, itemPath(collectionId, itemId)) },
    { rel: 'parent', type: MEDIA.json, href: collection },
    { rel: 'collection', type: MEDIA.json, href: collection },
    { rel: 'root', type: MEDIA.json, href: base },
  ];
}

/** The links the API computes replace any stored ones with the same rel. */
const COMPUTED_RELS = new Set([
  'self',
  'parent',
  'collection',
  'root',
  'items',
  REL_QUERYABLES,
  REL_AGGREGATE,
]);

export function mergeLinks(stored: StacLink[] | undefined, computed: StacLink[]): StacLink[] {
  const kept = (stored ?? []).filter((l) => !COMPUTED_RELS.has(l.rel));
  return [...computed, ...kept];
}
