/** Items and collections shaped like those the Styx demo catalog serves. */

import type { StacAssetLike, StacCollectionLike, StacItemLike } from '../../src/codegen/index.js';

export const CATALOG = 'http://localhost:8080/stac';

export const COG_TYPE = 'image/tiff; application=geotiff; profile=cloud-optimized';

export function itemWith(
  assets: Record<string, StacAssetLike>,
  overrides: Partial<StacItemLike> = {},
): StacItemLike {
  return {
    type: 'Feature',
    id: 'item-1',
    collection: 'demo',
    properties: { datetime: '2024-05-01T10:30:00Z' },
    assets,
    links: [
      { rel: 'self', href: `${CATALOG}/collections/demo/items/item-1` },
      { rel: 'collection', href: `${CATALOG}/collections/demo` },
    ],
    ...overrides,
  };
}

export const waterMaskItem: StacItemLike = itemWith(
  {
    thumbnail: {
      href: '/data/styx/water-mask/T31/2024-05/thumb.png',
      type: 'image/png',
      roles: ['thumbnail'],
      title: 'Quick look',
    },
    mask: {
      href: '/data/styx/water-mask/T31/2024-05/mask.tif',
      type: COG_TYPE,
      roles: ['data'],
      title: 'Water mask',
    },
  },
  { id: 'S2_WM_T31_2024-05', collection: 'styx-water-mask' },
);

export const gaugeItem: StacItemLike = itemWith(
  {
    timeseries: {
      href: '/data/styx/gauges/LOI-0123.csv',
      type: 'text/csv',
      roles: ['data'],
      title: 'Daily discharge and stage',
    },
  },
  {
    id: 'LOI-0123',
    collection: 'styx-gauges',
    properties: {
      datetime: null,
      start_datetime: '2023-01-01T00:00:00Z',
      end_datetime: '2025-12-31T23:59:59Z',
    },
  },
);

export const waterMaskCollection: StacCollectionLike = {
  type: 'Collection',
  id: 'styx-water-mask',
  title: 'Surface-water masks (synthetic)',
  summaries: { gsd: [20], 'proj:epsg': [4326], 'eo:cloud_cover': { minimum: 0, maximum: 80 } },
  item_assets: {
    mask: { type: COG_TYPE, roles: ['data'], title: 'Water mask' },
    thumbnail: { type: 'image/png', roles: ['thumbnail'], title: 'Quick look' },
  },
};

export const gaugeCollection: StacCollectionLike = {
  type: 'Collection',
  id: 'styx-gauges',
  title: 'In-situ river gauging stations (synthetic)',
  summaries: { 'styx:basin': ['Loire', 'Amazon'] },
  item_assets: {
    timeseries: { type: 'text/csv', roles: ['data'], title: 'Daily discharge and stage' },
  },
};

/** Strings that break naive quoting: quotes, backslashes, newlines, triple quotes, unicode. */
export const HOSTILE = [
  "it's",
  'say "hi"',
  `both ' and "`,
  "'''",
  '"""',
  'C:\\data\\new\\tif',
  'trailing backslash \\',
  "line\nbreak'); import os; os.system('rm -rf ~') #",
  'carriage\rreturn\ttab',
  'nul\u0000byte and bell\u0007',
  'unicode: débit m³/s 水位 🌊',
  'line\u2028separator\u2029para\u0085nel',
  'bidi \u202eevil\u202c and zero\u200bwidth',
  'lone surrogate \ud800 here',
  '{braces} and %s and f"{x}"',
];
