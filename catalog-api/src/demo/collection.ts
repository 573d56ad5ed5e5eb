/**
 * Assembles STAC collections whose extents and summaries are computed from their items, so they
 * stay true whatever the scale or seed.
 */

import { unionBBox } from './geo.js';
import { collectionExtensions } from './stac-extensions.js';
import type {
  BBox,
  StacCollection,
  StacItem,
  StacItemAssetDefinition,
  StacProvider,
  StacRange,
} from './stac-types.js';

export const DEMO_LICENSE = 'CC0-1.0';

export const DEMO_PROVIDERS: StacProvider[] = [
  {
    name: 'Styx demo generator',
    description:
      'Synthetic data generated on first start for demonstrations and tests. It imitates real products but contains no measurement.',
    roles: ['producer', 'processor', 'host'],
  },
];

export interface CollectionDescription {
  id: string;
  title: string;
  description: string;
  keywords: string[];
  item_assets: Record<string, StacItemAssetDefinition>;
  /** Summaries computed by the caller from the items. */
  summaries: Record<string, unknown[] | StacRange>;
}

function itemStart(item: StacItem): string {
  const p = item.properties;
  return p.start_datetime ?? p.datetime ?? '';
}

function itemEnd(item: StacItem): string {
  const p = item.properties;
  return p.end_datetime ?? p.datetime ?? '';
}

export function buildCollection(
  description: CollectionDescription,
  items: readonly StacItem[],
): StacCollection {
  if (items.length === 0) throw new RangeError(`collection ${description.id} has no items`);
  // RFC 3339 strings in one fixed format compare chronologically as text.
  let start = itemStart(items[0]!);
  let end = itemEnd(items[0]!);
  let overall: BBox = items[0]!.bbox;
  const byBasin = new Map<string, BBox>();
  for (const item of items) {
    if (itemStart(item) < start) start = itemStart(item);
    if (itemEnd(item) > end) end = itemEnd(item);
    overall = unionBBox(overall, item.bbox);
    const basin = String(item.properties['styx:basin']);
    const previous = byBasin.get(basin);
    byBasin.set(basin, previous ? unionBBox(previous, item.bbox) : item.bbox);
  }
  return {
    type: 'Collection',
    stac_version: '1.0.0',
    stac_extensions: collectionExtensions(description),
    id: description.id,
    title: description.title,
    description: description.description,
    keywords: description.keywords,
    license: DEMO_LICENSE,
    providers: DEMO_PROVIDERS,
    extent: {
      spatial: { bbox: [overall, ...(byBasin.size > 1 ? byBasin.values() : [])] },
      temporal: { interval: [[start, end]] },
    },
    summaries: description.summaries,
    item_assets: description.item_assets,
    links: [
      {
        rel: 'license',
        href: 'https://creativecommons.org/publicdomain/zero/1.0/',
        type: 'text/html',
        title: 'CC0 1.0 Universal',
      },
    ],
  };
}

/** Sorted distinct values of a property across items (array values are flattened). */
export function distinctValues(items: readonly StacItem[], field: string): unknown[] {
  const values = new Set<unknown>();
  for (const item of items) {
    const value = item.properties[field];
    if (Array.isArray(value)) for (const v of value) values.add(v);
    else if (value !== undefined && value !== null) values.add(value);
  }
  // Plain code-unit order, not localeCompare: output must not depend on the machine's locale.
  return [...values].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}

export function rangeOf(items: readonly StacItem[], field: string): StacRange {
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const value = item.properties[field];
    if (typeof value === 'number') {
      minimum = Math.min(minimum, value);
      maximum = Math.max(maximum, value);
    }
  }
  return { minimum, maximum };
}
