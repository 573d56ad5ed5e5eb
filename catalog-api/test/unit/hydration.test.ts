import { describe, expect, it } from 'vitest';
import {
  DO_NOT_MERGE_MARKER,
  dehydrateItem,
  hydrateItem,
  mergeJsonb,
  stripJsonb,
} from '../../src/catalog/hydration.js';

const base = {
  stac_version: '1.0.0',
  properties: { platform: 'swot', instruments: ['karin'] },
  assets: {
    data: { type: 'text/csv', roles: ['data'], title: 'Node observations' },
    thumbnail: { type: 'image/png', roles: ['thumbnail'] },
  },
};

const item = {
  type: 'Feature',
  stac_version: '1.0.0',
  id: 'r-1',
  collection: 'swot',
  geometry: { type: 'Point', coordinates: [1, 2] },
  bbox: [1, 2, 1, 2],
  properties: {
    datetime: '2024-01-01T00:00:00Z',
    platform: 'swot',
    instruments: ['karin'],
    wse: 12.5,
  },
  assets: {
    data: { href: '/d/r-1.csv', type: 'text/csv', roles: ['data'], title: 'Node observations' },
  },
  links: [],
};

describe('PgSTAC dehydration in TypeScript', () => {
  it('keeps only what differs from the base item, and marks what the item lacks', () => {
    const content = dehydrateItem(item, base, null);
    expect(content).toEqual({
      bbox: [1, 2, 1, 2],
      links: [],
      properties: { datetime: '2024-01-01T00:00:00Z', wse: 12.5 },
      assets: { data: { href: '/d/r-1.csv' }, thumbnail: DO_NOT_MERGE_MARKER },
    });
    expect(dehydrateItem(item, base, 7)['pgstac:base_item']).toBe(7);
  });

  it('hydrates back to the same item', () => {
    const content = dehydrateItem(item, base, null);
    const row = {
      id: item.id,
      geometry: item.geometry,
      collection: item.collection,
      type: 'Feature',
      ...content,
      'pgstac:base_item': base,
    };
    expect(hydrateItem(row)).toEqual(item);
  });

  it('follows strip_jsonb and merge_jsonb on arrays, equal values and nulls', () => {
    expect(stripJsonb([1, { a: 1, b: 2 }], [1, { a: 1 }])).toEqual([null, { b: 2 }]);
    expect(stripJsonb({ a: 1 }, { a: 1 })).toEqual({});
    expect(stripJsonb(5, 5)).toBeUndefined();
    expect(stripJsonb({ a: null, b: { c: null, d: 1 } }, {})).toEqual({ b: { d: 1 } });
    expect(mergeJsonb({ a: DO_NOT_MERGE_MARKER }, { a: 1, b: 2 })).toEqual({ b: 2 });
    expect(mergeJsonb([null, { b: 2 }], [1, { a: 1 }])).toEqual([1, { a: 1, b: 2 }]);
  });
});
