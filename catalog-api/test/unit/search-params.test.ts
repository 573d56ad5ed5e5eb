import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../src/errors.js';
import { parseBboxParam, validateBbox } from '../../src/stac/bbox.js';
import { validateDatetime } from '../../src/stac/datetime.js';
import {
  bodyFromQuery,
  parseFieldsParam,
  parseLimit,
  parseSortbyParam,
  searchFromBody,
} from '../../src/stac/search-request.js';

const rejects = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(InvalidQueryError);
  expect(fn).toThrow(message);
};

describe('bbox', () => {
  it('accepts 2D and 3D boxes, and antimeridian-crossing ones', () => {
    expect(parseBboxParam('-1.5,43,2,45.25')).toEqual([-1.5, 43, 2, 45.25]);
    expect(validateBbox([0, 0, -10, 1, 1, 100])).toEqual([0, 0, -10, 1, 1, 100]);
    expect(parseBboxParam('170,-10,-170,10')).toEqual([170, -10, -170, 10]);
  });
  it('says what is wrong with a bad one', () => {
    rejects(() => parseBboxParam('1,2,3'), /4 numbers .* got 3/);
    rejects(() => parseBboxParam('a,2,3,4'), /must all be numbers/);
    rejects(() => parseBboxParam('0,50,1,40'), /south \(50\) is greater than north \(40\)/);
    rejects(() => parseBboxParam('0,-91,1,40'), /south latitude -91 is outside/);
    rejects(() => parseBboxParam('-181,0,1,1'), /west longitude -181/);
  });
});

describe('datetime', () => {
  it('accepts instants and closed or half-open intervals', () => {
    expect(validateDatetime('2024-05-01T00:00:00Z')).toBe('2024-05-01T00:00:00Z');
    expect(validateDatetime('2024-05-01T00:00:00+02:00/..')).toBe('2024-05-01T00:00:00+02:00/..');
    expect(validateDatetime('../2024-05-01T00:00:00Z')).toBe('../2024-05-01T00:00:00Z');
    expect(validateDatetime('/2024-05-01T00:00:00.123Z')).toBe('/2024-05-01T00:00:00.123Z');
    expect(validateDatetime('2023-01-01T00:00:00Z/2024-01-01T00:00:00Z')).toContain('/');
  });
  it('refuses what PgSTAC would misread, saying why', () => {
    rejects(() => validateDatetime('../..'), /open at both ends/);
    rejects(() => validateDatetime('/'), /open at both ends/);
    rejects(() => validateDatetime('2024-05-01'), /not an RFC 3339 date-time/);
    rejects(() => validateDatetime('2024-02-30T00:00:00Z'), /not a real calendar date/);
    rejects(
      () => validateDatetime('2024-05-01T00:00:00Z/2023-01-01T00:00:00Z'),
      /ends before it starts/,
    );
    rejects(() => validateDatetime('a/b/c'), /more than one '\/'/);
  });
});

describe('limit, sortby, fields', () => {
  it('parses the GET forms', () => {
    expect(parseLimit('25')).toBe(25);
    expect(parseSortbyParam('-datetime,+id,properties.wse')).toEqual([
      { field: 'datetime', direction: 'desc' },
      { field: 'id', direction: 'asc' },
      { field: 'properties.wse', direction: 'asc' },
    ]);
    expect(parseFieldsParam('id,-assets,+properties.wse')).toEqual({
      include: ['id', 'properties.wse'],
      exclude: ['assets'],
    });
  });
  it('refuses limits below 1 and caps those above the maximum (OGC API Features)', () => {
    rejects(() => parseLimit('0'), /from 1 to 10000; got "0"/);
    expect(parseLimit('100000')).toBe(10_000);
    rejects(() => parseLimit('ten'), /integer/);
    rejects(() => parseLimit(2.5), /integer/);
  });
});

describe('search documents', () => {
  it('turns a GET query into the PgSTAC search document, CQL2-text parsed', () => {
    const search = searchFromBody(
      bodyFromQuery({
        collections: 'a,b',
        bbox: '0,40,10,50',
        datetime: '2024-01-01T00:00:00Z/..',
        limit: '5',
        filter: "wse > 100 AND river = 'Garonne'",
      }),
    );
    expect(search).toMatchObject({
      collections: ['a', 'b'],
      bbox: [0, 40, 10, 50],
      datetime: '2024-01-01T00:00:00Z/..',
      limit: 5,
      'filter-lang': 'cql2-json',
      filter: {
        op: 'and',
        args: [
          { op: '>', args: [{ property: 'wse' }, 100] },
          { op: '=', args: [{ property: 'river' }, 'Garonne'] },
        ],
      },
    });
  });
  it('defaults the limit to 10 and rejects bbox with intersects', () => {
    expect(searchFromBody({}).limit).toBe(10);
    rejects(
      () =>
        searchFromBody({ bbox: [0, 0, 1, 1], intersects: { type: 'Point', coordinates: [0, 0] } }),
      /either bbox or intersects/,
    );
  });
  it('reports CQL2 syntax errors with their position', () => {
    rejects(() => searchFromBody(bodyFromQuery({ filter: 'wse >' })), /line 1, column/);
  });
  it('refuses unknown filter languages and CRSs', () => {
    rejects(
      () => searchFromBody({ filter: 'x=1', 'filter-lang': 'cql-text' }),
      /filter-lang 'cql-text'/,
    );
    rejects(
      () => searchFromBody({ filter: { op: '=', args: [1, 1] }, 'filter-crs': 'EPSG:3857' }),
      /filter-crs/,
    );
  });
  it('refuses malformed JSON in GET parameters', () => {
    rejects(() => bodyFromQuery({ intersects: '{"type":' }), /intersects is not valid JSON/);
    rejects(() => bodyFromQuery({ query: '[1]' }), /query must be a JSON object/);
  });
});
