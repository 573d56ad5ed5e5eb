import { describe, expect, it } from 'vitest';
import { datetimeInterval, FilterInputError, filterToCql2 } from '../../src/catalog/index.js';
import type { Queryable } from '../../src/catalog/types.js';

const queryables: Queryable[] = [
  { name: 'eo:cloud_cover', type: 'number' },
  { name: 'sat:relative_orbit', type: 'integer', title: 'Relative orbit' },
  { name: 'platform', type: 'string' },
  { name: 'swot:crossover', type: 'boolean' },
  { name: 'datetime', type: 'string', format: 'date-time' },
];

describe('filterToCql2', () => {
  it('leaves out incomplete rows and gives nothing for an empty builder', () => {
    expect(filterToCql2([], queryables)).toBeUndefined();
    expect(
      filterToCql2([{ property: 'platform', op: '=', value: '  ' }], queryables),
    ).toBeUndefined();
  });

  it('converts values by the queryable type', () => {
    expect(
      filterToCql2([{ property: 'sat:relative_orbit', op: '=', value: '42' }], queryables),
    ).toEqual({
      op: '=',
      args: [{ property: 'sat:relative_orbit' }, 42],
    });
    expect(
      filterToCql2([{ property: 'swot:crossover', op: '=', value: 'true' }], queryables),
    ).toEqual({
      op: '=',
      args: [{ property: 'swot:crossover' }, true],
    });
    expect(
      filterToCql2([{ property: 'platform', op: 'in', value: 'swot, sentinel-2a,' }], queryables),
    ).toEqual({ op: 'in', args: [{ property: 'platform' }, ['swot', 'sentinel-2a']] });
    expect(
      filterToCql2([{ property: 'platform', op: 'like', value: 'sentinel*' }], queryables),
    ).toEqual({
      op: 'like',
      args: [{ property: 'platform' }, 'sentinel%'],
    });
    expect(
      filterToCql2(
        [{ property: 'eo:cloud_cover', op: 'between', value: '0', value2: '20' }],
        queryables,
      ),
    ).toEqual({
      op: 'between',
      args: [{ property: 'eo:cloud_cover' }, 0, 20],
    });
    expect(filterToCql2([{ property: 'platform', op: 'isNull', value: '' }], queryables)).toEqual({
      op: 'isNull',
      args: [{ property: 'platform' }],
    });
  });

  it('reads "on or before a day" as the end of that day', () => {
    expect(
      filterToCql2([{ property: 'datetime', op: '<=', value: '2024-03-01' }], queryables),
    ).toEqual({
      op: '<=',
      args: [{ property: 'datetime' }, { timestamp: '2024-03-01T23:59:59Z' }],
    });
  });

  it('names the field and the mistake', () => {
    expect(() =>
      filterToCql2([{ property: 'sat:relative_orbit', op: '=', value: '4.5' }], queryables),
    ).toThrow(new FilterInputError('“4.5” is not an integer (Relative orbit).'));
    expect(() =>
      filterToCql2([{ property: 'eo:cloud_cover', op: '<', value: 'low' }], queryables),
    ).toThrow(/not a number \(eo:cloud_cover\)/);
    expect(() =>
      filterToCql2([{ property: 'datetime', op: '>', value: '01/02/2024' }], queryables),
    ).toThrow(/not a date/);
    expect(() =>
      filterToCql2([{ property: 'eo:cloud_cover', op: 'between', value: '1' }], queryables),
    ).toThrow(/both bounds/);
  });
});

describe('datetimeInterval', () => {
  it('makes closed and half-open intervals of whole UTC days', () => {
    expect(datetimeInterval('', '')).toBeUndefined();
    expect(datetimeInterval('2024-01-01', '')).toBe('2024-01-01T00:00:00Z/..');
    expect(datetimeInterval('', '2024-01-01')).toBe('../2024-01-01T23:59:59Z');
    expect(datetimeInterval('2024-01-01', '2024-01-01')).toBe(
      '2024-01-01T00:00:00Z/2024-01-01T23:59:59Z',
    );
  });

  it('rejects impossible dates', () => {
    expect(() => datetimeInterval('2024-13-01', '')).toThrow(/not a date/);
  });
});
