import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { InvalidQueryError } from '../../src/errors.js';
import { checkItemForWrite } from '../../src/stac/item-validation.js';

const item = (geometry: unknown, properties: Record<string, unknown>): StacItem =>
  ({ type: 'Feature', stac_version: '1.0.0', id: 'g-1', geometry, properties }) as StacItem;
const point = { type: 'Point', coordinates: [1.4, 43.6] };

describe('items before they are written', () => {
  it('gives the time range PgSTAC indexes: datetime, or start and end', () => {
    expect(checkItemForWrite(item(point, { datetime: '2024-01-01T00:00:00Z' }))).toEqual({
      start: '2024-01-01T00:00:00Z',
      end: '2024-01-01T00:00:00Z',
    });
    expect(
      checkItemForWrite(
        item(point, {
          datetime: null,
          start_datetime: '2023-01-01T00:00:00Z',
          end_datetime: '2024-01-01T00:00:00Z',
        }),
      ),
    ).toEqual({ start: '2023-01-01T00:00:00Z', end: '2024-01-01T00:00:00Z' });
  });

  it.each([
    ['no datetime at all', item(point, { datetime: null }), /needs properties.datetime/],
    ['a datetime that is no date', item(point, { datetime: 'soon' }), /not RFC 3339/],
    [
      'an end before its start',
      item(point, { start_datetime: '2024-02-01T00:00:00Z', end_datetime: '2024-01-01T00:00:00Z' }),
      /ends .* before it starts/,
    ],
    [
      'a polygon without coordinates',
      item({ type: 'Polygon' }, { datetime: '2024-01-01T00:00:00Z' }),
      /not a valid GeoJSON geometry/,
    ],
    [
      'a point with one number',
      item({ type: 'Point', coordinates: [1] }, { datetime: '2024-01-01T00:00:00Z' }),
      /not a valid GeoJSON geometry/,
    ],
    [
      'a collection without geometries',
      item({ type: 'GeometryCollection' }, { datetime: '2024-01-01T00:00:00Z' }),
      /"geometries" array/,
    ],
  ])('refuses %s, naming the item', (_what, bad, message) => {
    expect(() => checkItemForWrite(bad)).toThrow(InvalidQueryError);
    expect(() => checkItemForWrite(bad)).toThrow(message);
  });

  it('accepts nested multi-geometries', () => {
    const multi = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      ],
    };
    expect(() =>
      checkItemForWrite(item(multi, { datetime: '2024-01-01T00:00:00Z' })),
    ).not.toThrow();
  });
});
