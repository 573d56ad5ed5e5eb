import { describe, expect, it } from 'vitest';
import { filterToCql2 } from '../../src/catalog/index.js';
import type { Queryable } from '../../src/catalog/types.js';
import {
  clauseKind,
  filterableQueryables,
  joinListValues,
  listValues,
  newClause,
  operatorsFor,
  queryableKind,
  withOperator,
  withProperty,
} from '../../src/panel/filter-operators.js';
import { defaultDirection, sortFields } from '../../src/panel/sort-choices.js';

const cloud: Queryable = {
  name: 'eo:cloud_cover',
  title: 'Cloud cover',
  type: 'number',
  minimum: 0,
  maximum: 100,
};
const passes: Queryable = { name: 'swot:pass', type: 'integer' };
const platform: Queryable = { name: 'platform', type: 'string', enum: ['swot', 'sentinel-2a'] };
const datetime: Queryable = { name: 'datetime', type: 'string', format: 'date-time' };
const updated: Queryable = { name: 'updated', type: 'string', format: 'date-time' };
const reach: Queryable = { name: 'swot:reach_id', type: 'string' };
const valid: Queryable = { name: 'valid', type: 'boolean' };
const geometry: Queryable = { name: 'geometry', ref: 'https://geojson.org/schema/Geometry.json' };
const bands: Queryable = { name: 'eo:bands', type: 'array' };
const queryables = [geometry, cloud, platform, datetime, reach, valid, bands, passes, updated];

describe('queryableKind and operatorsFor', () => {
  it('offers comparisons and ranges for numbers', () => {
    expect(queryableKind(cloud)).toBe('number');
    expect(queryableKind(passes)).toBe('number');
    expect(operatorsFor('number')).toEqual(['=', '<>', '<', '<=', '>', '>=', 'between']);
  });

  it('offers equality, pattern and list for text', () => {
    expect(queryableKind(reach)).toBe('string');
    expect(queryableKind({ name: 'untyped' })).toBe('string');
    expect(operatorsFor('string')).toEqual(['=', '<>', 'like', 'in']);
  });

  it('offers equality and "one of" for an enum', () => {
    expect(queryableKind(platform)).toBe('enum');
    expect(operatorsFor('enum')).toEqual(['=', '<>', 'in']);
  });

  it('offers before, after and between for dates', () => {
    expect(queryableKind(datetime)).toBe('datetime');
    expect(queryableKind(updated)).toBe('datetime');
    expect(queryableKind({ name: 'datetime' })).toBe('datetime');
    expect(operatorsFor('datetime')).toEqual(['<', '>', 'between']);
  });

  it('offers only equality for booleans', () => {
    expect(queryableKind(valid)).toBe('boolean');
    expect(operatorsFor('boolean')).toEqual(['=']);
  });

  it('leaves out geometries, arrays and objects', () => {
    expect(queryableKind(geometry)).toBeNull();
    expect(queryableKind(bands)).toBeNull();
    expect(filterableQueryables(queryables).map((q) => q.name)).toEqual([
      'eo:cloud_cover',
      'platform',
      'datetime',
      'swot:reach_id',
      'valid',
      'swot:pass',
      'updated',
    ]);
  });

  it('treats a property the queryables no longer list as text', () => {
    expect(clauseKind({ property: 'gone', op: '=', value: 'x' }, queryables)).toBe('string');
  });
});

describe('editing a filter row', () => {
  it('starts a new row on the first usable queryable', () => {
    expect(newClause(queryables)).toEqual({ property: 'eo:cloud_cover', op: '=', value: '' });
    expect(newClause([geometry])).toBeNull();
  });

  it('starts an enum row on its first value and a boolean on true, as their selects show', () => {
    expect(newClause([platform])).toEqual({ property: 'platform', op: '=', value: 'swot' });
    expect(newClause([valid])).toEqual({ property: 'valid', op: '=', value: 'true' });
  });

  it('keeps operator and values when the new property holds the same kind of value', () => {
    const row = { property: 'eo:cloud_cover', op: 'between' as const, value: '1', value2: '5' };
    expect(withProperty(row, passes, queryables)).toEqual({ ...row, property: 'swot:pass' });
  });

  it('starts over when the kind of value changes', () => {
    const row = { property: 'eo:cloud_cover', op: '<' as const, value: '10' };
    expect(withProperty(row, datetime, queryables)).toEqual({
      property: 'datetime',
      op: '<',
      value: '',
    });
    expect(withProperty(row, platform, queryables)).toEqual({
      property: 'platform',
      op: '=',
      value: 'swot',
    });
  });

  it('adds an upper bound for between and drops it for other operators', () => {
    const row = { property: 'eo:cloud_cover', op: '>=' as const, value: '3' };
    const between = withOperator(row, 'between');
    expect(between).toEqual({ property: 'eo:cloud_cover', op: 'between', value: '3', value2: '' });
    expect(withOperator({ ...between, value2: '9' }, '<')).toEqual({
      property: 'eo:cloud_cover',
      op: '<',
      value: '3',
    });
  });

  it('keeps the first value of a list when a single-value operator is chosen', () => {
    const row = { property: 'platform', op: 'in' as const, value: 'swot, sentinel-2a' };
    expect(withOperator(row, '=')).toEqual({ property: 'platform', op: '=', value: 'swot' });
  });

  it('holds lists the way the search reads them', () => {
    const value = joinListValues(['swot', 'sentinel-2a']);
    expect(listValues(value)).toEqual(['swot', 'sentinel-2a']);
    expect(listValues(' a,, b ,')).toEqual(['a', 'b']);
    expect(filterToCql2([{ property: 'platform', op: 'in', value }], queryables)).toEqual({
      op: 'in',
      args: [{ property: 'platform' }, ['swot', 'sentinel-2a']],
    });
  });
});

describe('sortFields', () => {
  it('offers datetime and id first, then the queryables with an order', () => {
    expect(sortFields(queryables).map((f) => f.field)).toEqual([
      'datetime',
      'id',
      'eo:cloud_cover',
      'platform',
      'swot:reach_id',
      'swot:pass',
      'updated',
    ]);
  });

  it('labels fields with their queryable titles', () => {
    expect(sortFields([cloud]).find((f) => f.field === 'eo:cloud_cover')?.label).toBe(
      'Cloud cover',
    );
    expect(sortFields([]).map((f) => f.label)).toEqual(['datetime', 'id']);
  });

  it('sorts time newest first and everything else ascending by default', () => {
    expect(defaultDirection('datetime')).toBe('desc');
    expect(defaultDirection('eo:cloud_cover')).toBe('asc');
  });
});
