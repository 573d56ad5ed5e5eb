import type { StacCollection, StacItem } from '../src/catalog/stac-types.js';
import { BUILT_IN_QUERYABLES } from '../src/loader/infer-queryables.js';
import type { RequestSpec } from './http-client.js';

/**
 * The fixed query mix, derived deterministically from the (deterministic) demo catalog: a
 * collection of point items (gauges), a numeric property they all carry and its median, a box
 * around one of them, a month in the middle of the catalog's time span. Where the right answer
 * is easy to compute from the items, it goes along as `expectedMatched`.
 */
export type Shape = 'items' | 'item' | 'collections';

export interface QuerySpec {
  name: string;
  description: string;
  shape: Shape;
  request: RequestSpec;
  /** numberMatched computed from the generated items (items/collections shapes). */
  expectedMatched?: number;
  /** The item id an `item` request must return. */
  expectedId?: string;
}

function range(item: StacItem): [number, number] {
  const p = item.properties;
  const start = Date.parse(String(p.start_datetime ?? p.datetime));
  const end = Date.parse(String(p.end_datetime ?? p.datetime));
  return [start, end];
}

function geometryType(item: StacItem): string {
  return (item.geometry as { type?: string } | null)?.type ?? '';
}

/** The collection with the most Point items (ties: smallest id). */
function pointCollection(items: StacItem[]): { id: string; items: StacItem[] } {
  const counts = new Map<string, StacItem[]>();
  for (const item of items) {
    if (geometryType(item) !== 'Point') continue;
    const list = counts.get(item.collection!) ?? [];
    list.push(item);
    counts.set(item.collection!, list);
  }
  const best = [...counts].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
  if (!best) throw new Error('the demo catalog has no Point items to build the query mix from');
  return { id: best[0], items: best[1] };
}

/**
 * A numeric property every item of the collection carries and that takes many values (so a
 * threshold at its median splits the items); plain names preferred over prefixed ones.
 */
function numericProperty(items: StacItem[]): string {
  const candidates = new Map<string, Set<number>>();
  for (const [name, value] of Object.entries(items[0]!.properties)) {
    if (!BUILT_IN_QUERYABLES.has(name) && typeof value === 'number')
      candidates.set(name, new Set());
  }
  for (const item of items) {
    for (const [name, values] of candidates) {
      const v = item.properties[name];
      if (typeof v === 'number') values.add(v);
      else candidates.delete(name);
    }
  }
  const ranked = [...candidates]
    .filter(([, values]) => values.size >= 10)
    .sort(
      ([a, va], [b, vb]) =>
        Number(a.includes(':')) - Number(b.includes(':')) ||
        vb.size - va.size ||
        a.localeCompare(b),
    );
  if (!ranked[0]) throw new Error('no numeric property shared by the point items');
  return ranked[0][0];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function query(params: Record<string, string | number>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  // Commas and slashes are legal in a query string; keep them readable as clients send them.
  return q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':');
}

export interface MixFacts {
  pointCollection: string;
  numericProperty: string;
  threshold: number;
  bbox: number[];
  interval: string;
  itemCollection: string;
  item: string;
}

export function buildQueryMix(
  collections: StacCollection[],
  items: StacItem[],
): { mix: QuerySpec[]; facts: MixFacts } {
  const points = pointCollection(items);
  const prop = numericProperty(points.items);
  const threshold = median(points.items.map((i) => i.properties[prop] as number));
  const aboveThreshold = points.items.filter(
    (i) => (i.properties[prop] as number) > threshold,
  ).length;

  const [lon, lat] = (points.items[0]!.geometry as { coordinates: [number, number] }).coordinates;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const bbox = [round(lon - 1), round(lat - 1), round(lon + 1), round(lat + 1)];

  // A 31-day window starting at the median item start time.
  const starts = items.map((i) => range(i)[0]);
  const t0 = median(starts);
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const from = Date.parse(iso(t0));
  const to = from + 31 * 86_400_000;
  const interval = `${iso(from)}/${iso(to)}`;
  const inInterval = items.filter((i) => {
    const [s, e] = range(i);
    return s <= to && e >= from;
  }).length;

  // Two collections for the collections filter: the point collection and the largest other one.
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(item.collection!, (sizes.get(item.collection!) ?? 0) + 1);
  const bySize = [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const other = bySize.find(([id]) => id !== points.id)?.[0] ?? points.id;
  const pair = [points.id, other].sort();
  const inPair = items.filter((i) => pair.includes(i.collection!)).length;

  // The items endpoint on the largest collection; one item from the middle of another.
  const itemCollection = bySize[0]![0];
  const itemCollectionSize = bySize[0]![1];
  const someItems = items.filter((i) => i.collection === other);
  const item = someItems[Math.floor(someItems.length / 2)]!;

  const filterJson = { op: '>', args: [{ property: prop }, threshold] };
  const filterText = `"${prop}" > ${threshold}`;
  const itemsPath = (c: string) => `/collections/${encodeURIComponent(c)}`;

  const mix: QuerySpec[] = [
    {
      name: 'search limit=10',
      description: 'GET /search?limit=10',
      shape: 'items',
      request: { method: 'GET', path: `/search?${query({ limit: 10 })}` },
      expectedMatched: items.length,
    },
    {
      name: 'search bbox',
      description: `GET /search bbox=${bbox.join(',')} (2°x2° around a gauge)`,
      shape: 'items',
      request: { method: 'GET', path: `/search?${query({ bbox: bbox.join(','), limit: 10 })}` },
    },
    {
      name: 'search datetime',
      description: `GET /search datetime=${interval}`,
      shape: 'items',
      request: { method: 'GET', path: `/search?${query({ datetime: interval, limit: 10 })}` },
      expectedMatched: inInterval,
    },
    {
      name: 'search collections',
      description: `GET /search collections=${pair.join(',')}`,
      shape: 'items',
      request: {
        method: 'GET',
        path: `/search?${query({ collections: pair.join(','), limit: 10 })}`,
      },
      expectedMatched: inPair,
    },
    {
      name: 'collection items',
      description: `GET /collections/${itemCollection}/items?limit=10`,
      shape: 'items',
      request: {
        method: 'GET',
        path: `${itemsPath(itemCollection)}/items?${query({ limit: 10 })}`,
      },
      expectedMatched: itemCollectionSize,
    },
    {
      name: 'POST cql2-json',
      description: `POST /search filter ${prop} > ${threshold} (cql2-json)`,
      shape: 'items',
      request: {
        method: 'POST',
        path: '/search',
        body: JSON.stringify({
          collections: [points.id],
          'filter-lang': 'cql2-json',
          filter: filterJson,
          limit: 10,
        }),
      },
      expectedMatched: aboveThreshold,
    },
    {
      name: 'GET cql2-text',
      description: `GET /search filter=${filterText} (cql2-text)`,
      shape: 'items',
      request: {
        method: 'GET',
        path: `/search?${new URLSearchParams({
          collections: points.id,
          'filter-lang': 'cql2-text',
          filter: filterText,
          limit: '10',
        }).toString()}`,
      },
      expectedMatched: aboveThreshold,
    },
    {
      name: 'search sortby',
      description: `GET /search collections=${points.id} sortby=-${prop}`,
      shape: 'items',
      request: {
        method: 'GET',
        path: `/search?${query({ collections: points.id, sortby: `-${prop}`, limit: 10 })}`,
      },
      expectedMatched: points.items.length,
    },
    {
      name: 'search fields',
      description: 'GET /search fields=id,collection,properties.datetime,-assets,-geometry',
      shape: 'items',
      request: {
        method: 'GET',
        path: `/search?${query({ fields: 'id,collection,properties.datetime,-assets,-geometry', limit: 10 })}`,
      },
      expectedMatched: items.length,
    },
    {
      name: 'search limit=1000',
      description: 'GET /search?limit=1000 (one big page)',
      shape: 'items',
      request: { method: 'GET', path: `/search?${query({ limit: 1000 })}` },
      expectedMatched: items.length,
    },
    {
      name: 'get item',
      description: `GET /collections/${other}/items/${item.id}`,
      shape: 'item',
      request: { method: 'GET', path: `${itemsPath(other)}/items/${encodeURIComponent(item.id)}` },
      expectedId: item.id,
    },
    {
      name: 'collections',
      description: 'GET /collections',
      shape: 'collections',
      request: { method: 'GET', path: '/collections' },
      expectedMatched: collections.length,
    },
  ];
  return {
    mix,
    facts: {
      pointCollection: points.id,
      numericProperty: prop,
      threshold,
      bbox,
      interval,
      itemCollection,
      item: `${other}/${item.id}`,
    },
  };
}
