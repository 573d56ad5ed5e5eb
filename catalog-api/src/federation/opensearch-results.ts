import { XMLParser } from 'fast-xml-parser';
import type { StacItem } from '../catalog/stac-types.js';

/**
 * OpenSearch results (Atom, OpenSearch 1.1 response elements with GeoRSS; or CEOS GeoJSON,
 * OGC 17-047) mapped to STAC items. An entry keeps its identifier as the item id; its
 * footprint becomes the geometry; its date the datetime (dc:date as CEOS gives it, else
 * published, else updated); its links the item's links, enclosures its assets.
 */
export interface OpenSearchPage {
  items: StacItem[];
  totalResults?: number;
  startIndex?: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => ['entry', 'link', 'category'].includes(name),
  parseTagValue: false,
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return text((v as Node)['#text']);
  const s = String(v).trim();
  return s === '' ? undefined : s;
};
const numbers = (v: unknown): number[] =>
  (text(v) ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** GeoRSS and GML coordinates are latitude first, unless the CRS says CRS84 (lon, lat). */
function lonLatPairs(values: number[], latFirst: boolean): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < values.length; i += 2) {
    const a = values[i]!;
    const b = values[i + 1]!;
    pairs.push(latFirst ? [b, a] : [a, b]);
  }
  return pairs;
}

function boxPolygon(west: number, south: number, east: number, north: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

function bboxOf(ring: [number, number][]): number[] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The entry's footprint: georss:where (gml:Envelope, gml:Polygon), georss:box/polygon/point. */
function footprint(entry: Node): { geometry: unknown; bbox?: number[] } {
  const where = entry.where as Node | undefined;
  const envelope = where?.Envelope as Node | undefined;
  if (envelope) {
    const srs = String(envelope['@_srsName'] ?? '');
    const latFirst = !/CRS84/i.test(srs);
    const [lower] = lonLatPairs(numbers(envelope.lowerCorner), latFirst);
    const [upper] = lonLatPairs(numbers(envelope.upperCorner), latFirst);
    if (lower && upper) {
      return {
        geometry: boxPolygon(lower[0], lower[1], upper[0], upper[1]),
        bbox: [lower[0], lower[1], upper[0], upper[1]],
      };
    }
  }
  const gmlPolygon = (where?.Polygon as Node | undefined)?.exterior as Node | undefined;
  const posList = (gmlPolygon?.LinearRing as Node | undefined)?.posList;
  const polygonText = posList ?? entry.polygon;
  if (polygonText !== undefined) {
    const ring = lonLatPairs(numbers(polygonText), true);
    if (ring.length >= 4)
      return { geometry: { type: 'Polygon', coordinates: [ring] }, bbox: bboxOf(ring) };
  }
  if (entry.box !== undefined) {
    const [s, w, n, e] = numbers(entry.box); // GeoRSS box: "south west north east"
    if ([s, w, n, e].every((v) => Number.isFinite(v))) {
      return { geometry: boxPolygon(w!, s!, e!, n!), bbox: [w!, s!, e!, n!] };
    }
  }
  if (entry.point !== undefined) {
    const [lat, lon] = numbers(entry.point);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      return {
        geometry: { type: 'Point', coordinates: [lon, lat] },
        bbox: [lon!, lat!, lon!, lat!],
      };
    }
  }
  return { geometry: null };
}

/** dc:date is "instant" or "start/end" (CEOS OpenSearch BP §dc:date). */
function times(entry: Node): Record<string, string | null> {
  const dcDate = text(entry.date);
  if (dcDate?.includes('/')) {
    const [start, end] = dcDate.split('/');
    return { datetime: null, start_datetime: start ?? null, end_datetime: end ?? null };
  }
  return { datetime: dcDate ?? text(entry.published) ?? text(entry.updated) ?? null };
}

function entryToItem(entry: Node): StacItem | undefined {
  const id = text(entry.identifier) ?? text(entry.id);
  if (!id) return undefined;
  const { geometry, bbox } = footprint(entry);
  const links: StacItem['links'] = [];
  const assets: Record<string, unknown> = {};
  for (const link of (entry.link as Node[] | undefined) ?? []) {
    const href = link['@_href'] as string | undefined;
    if (!href) continue;
    const rel = (link['@_rel'] as string | undefined) ?? 'alternate';
    const type = link['@_type'] as string | undefined;
    const title = link['@_title'] as string | undefined;
    if (rel === 'enclosure') {
      assets[`enclosure-${Object.keys(assets).length + 1}`] = {
        href,
        roles: ['data'],
        ...(type ? { type } : {}),
        ...(title ? { title } : {}),
      };
    } else {
      links.push({ rel, href, ...(type ? { type } : {}), ...(title ? { title } : {}) });
    }
  }
  const keywords = ((entry.category as Node[] | undefined) ?? [])
    .map((c) => c['@_term'] as string | undefined)
    .filter((t): t is string => Boolean(t));
  const title = text(entry.title);
  const description = text(entry.summary);
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    id,
    geometry,
    ...(bbox ? { bbox } : {}),
    properties: {
      ...times(entry),
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
      ...(text(entry.updated) ? { updated: text(entry.updated) } : {}),
    },
    links,
    assets,
  };
}

export function parseAtomResults(xml: string): OpenSearchPage {
  const doc = parser.parse(xml) as { feed?: Node };
  const feed = doc.feed;
  if (!feed) throw new Error('its answer is not an Atom feed');
  const total = text(feed.totalResults);
  const start = text(feed.startIndex);
  const entries = (feed.entry as Node[] | undefined) ?? [];
  return {
    items: entries.map(entryToItem).filter((i): i is StacItem => i !== undefined),
    ...(total !== undefined ? { totalResults: Number(total) } : {}),
    ...(start !== undefined ? { startIndex: Number(start) } : {}),
  };
}

/** CEOS OpenSearch GeoJSON (OGC 17-047): a FeatureCollection with totalResults. */
export function parseGeoJsonResults(json: unknown): OpenSearchPage {
  const doc = json as {
    features?: Record<string, unknown>[];
    totalResults?: number;
    startIndex?: number;
    properties?: { totalResults?: number; startIndex?: number };
  };
  if (!Array.isArray(doc.features))
    throw new Error('its answer is not a GeoJSON FeatureCollection');
  const items: StacItem[] = [];
  for (const f of doc.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const id = (p.identifier as string | undefined) ?? (f.id as string | undefined);
    if (!id) continue;
    const date = p.date as string | undefined;
    const when = date?.includes('/')
      ? { datetime: null, start_datetime: date.split('/')[0], end_datetime: date.split('/')[1] }
      : { datetime: date ?? (p.updated as string | undefined) ?? null };
    items.push({
      type: 'Feature',
      stac_version: '1.0.0',
      id: String(id),
      geometry: f.geometry ?? null,
      ...(Array.isArray(f.bbox) ? { bbox: f.bbox as number[] } : {}),
      properties: { ...p, ...when },
      links: [],
      assets: {},
    });
  }
  const totalResults = doc.totalResults ?? doc.properties?.totalResults;
  const startIndex = doc.startIndex ?? doc.properties?.startIndex;
  return {
    items,
    ...(totalResults !== undefined ? { totalResults } : {}),
    ...(startIndex !== undefined ? { startIndex } : {}),
  };
}
