import { GEOMETRY_KEYWORDS } from './keywords.js';
import type { TokenStream } from './token-stream.js';
import type { IdentifierToken } from './tokens.js';
import type {
  BboxLiteral,
  GeometryLiteral,
  LineStringGeometry,
  MultiLineStringGeometry,
  MultiPointGeometry,
  MultiPolygonGeometry,
  PointGeometry,
  PolygonGeometry,
  Position,
  SimpleGeometry,
} from './types.js';

/**
 * WKT geometry literals and BBOX (OGC 21-065r2 Annex A rules `spatialInstance`,
 * `geometryLiteral`, `bboxTaggedText`), turned into the GeoJSON geometries and `{"bbox": [...]}`
 * of CQL2-JSON.
 */

/**
 * The coordinate dimension of one geometry. Clause 8.1 asks CQL2-text readers to tell 2D from
 * 3D by the coordinates themselves, so `Z` is optional (example49-alt01), but a geometry may not
 * mix the two, and with `Z` every coordinate must have three numbers.
 */
interface Dimension {
  keyword: string;
  zTagged: boolean;
  size?: number;
}

function startsNumber(ts: TokenStream): boolean {
  const token = ts.peek();
  if (token.kind === 'number') return true;
  return (ts.isSymbol('-') || ts.isSymbol('+')) && ts.peek(1).kind === 'number';
}

/** BNF rule `signedNumericLiteral`, used for coordinates and BBOX bounds. */
export function parseSignedNumber(ts: TokenStream, where: string): number {
  let sign = 1;
  if (ts.isSymbol('-') || ts.isSymbol('+')) {
    if (ts.peek(1).kind !== 'number') {
      ts.next();
      ts.unexpected(`a number after the sign in ${where}`);
    }
    if (ts.next().raw === '-') sign = -1;
  }
  const token = ts.peek();
  if (token.kind !== 'number') ts.unexpected(`a number in ${where}`);
  ts.next();
  return sign * token.value;
}

function parsePosition(ts: TokenStream, dim: Dimension): Position {
  const start = ts.peek().start;
  if (!startsNumber(ts)) ts.unexpected(`a coordinate (x y) in ${dim.keyword}`);
  const values: number[] = [];
  while (startsNumber(ts)) values.push(parseSignedNumber(ts, dim.keyword));
  const n = values.length;
  if (n < 2) {
    ts.fail(
      start,
      `a coordinate needs at least two numbers (x y), but this one in ${dim.keyword} has one`,
    );
  }
  if (n > 3) {
    ts.fail(
      start,
      `a coordinate has two numbers (x y) or three (x y z), but this one in ${dim.keyword} has ${n}; CQL2 has no M (measure) coordinates`,
    );
  }
  if (dim.zTagged && n !== 3) {
    ts.fail(
      start,
      `${dim.keyword} Z needs three numbers (x y z) in every coordinate, but this one has two`,
    );
  }
  if (dim.size === undefined) dim.size = n;
  else if (dim.size !== n) {
    ts.fail(
      start,
      `this coordinate has ${n} numbers, but the ones before it in ${dim.keyword} have ${dim.size}; a geometry cannot mix 2D and 3D coordinates`,
    );
  }
  return values as Position;
}

/** `( item , item ... )`, returning the items and where the '(' was. */
function parseList<T>(ts: TokenStream, where: string, item: () => T): { items: T[]; at: number } {
  const open = ts.expectSymbol('(', `in ${where}`);
  const items = [item()];
  while (ts.isSymbol(',')) {
    ts.next();
    items.push(item());
  }
  if (!ts.isSymbol(')')) ts.unexpected(`',' or ')' in ${where}`);
  ts.next();
  return { items, at: open.start };
}

/** BNF rule `lineStringText`: at least two coordinates. */
function parseLineString(ts: TokenStream, dim: Dimension): Position[] {
  const { items, at } = parseList(ts, dim.keyword, () => parsePosition(ts, dim));
  if (items.length < 2) {
    ts.fail(at, `a line in ${dim.keyword} needs at least two coordinates, but this one has one`);
  }
  return items;
}

const formatPosition = (p: Position) => `(${p.join(' ')})`;

/**
 * BNF rule `linearRingText`: at least four coordinates; closed, i.e. ending where it starts,
 * as OGC Simple Features and GeoJSON (RFC 7946 §3.1.6) require of a ring.
 */
function parseRing(ts: TokenStream, dim: Dimension): Position[] {
  const { items, at } = parseList(ts, dim.keyword, () => parsePosition(ts, dim));
  if (items.length < 4) {
    ts.fail(
      at,
      `a ring in ${dim.keyword} needs at least four coordinates (the first repeated at the end), but this one has ${items.length}`,
    );
  }
  const first = items[0] as Position;
  const last = items[items.length - 1] as Position;
  if (first.some((value, i) => value !== last[i])) {
    ts.fail(
      at,
      `this ring in ${dim.keyword} is not closed: it must end with its first coordinate ${formatPosition(first)}, but ends with ${formatPosition(last)}`,
    );
  }
  return items;
}

function parsePolygon(ts: TokenStream, dim: Dimension): Position[][] {
  return parseList(ts, dim.keyword, () => parseRing(ts, dim)).items;
}

/**
 * BNF rule `multiPointText` puts each point in parentheses, `MULTIPOINT((1 2),(3 4))`; the
 * common WKT spelling without them, `MULTIPOINT(1 2, 3 4)`, is accepted as well, but not a mix.
 */
function parseMultiPoint(ts: TokenStream, dim: Dimension): Position[] {
  let parenthesised: boolean | undefined;
  return parseList(ts, dim.keyword, () => {
    const token = ts.peek();
    const open = ts.isSymbol('(');
    parenthesised ??= open;
    if (open !== parenthesised) {
      ts.fail(
        token.start,
        `write the points of ${dim.keyword} all in parentheses, ${dim.keyword}((1 2), (3 4)), or all without, ${dim.keyword}(1 2, 3 4)`,
      );
    }
    if (!open) return parsePosition(ts, dim);
    ts.next();
    const position = parsePosition(ts, dim);
    ts.expectSymbol(')', `after a point in ${dim.keyword}`);
    return position;
  }).items;
}

/** Reads the optional dimension tag after the keyword: `Z`, or a clear error for M, ZM, EMPTY. */
function parseDimensionTag(ts: TokenStream, keyword: string, zTagged: boolean): Dimension {
  const tag = ts.peek();
  if (tag.kind === 'identifier') {
    if (tag.upper === 'Z') {
      ts.next();
      return { keyword, zTagged: true };
    }
    if (tag.upper === 'M' || tag.upper === 'ZM') {
      ts.fail(
        tag.start,
        `${keyword} ${tag.raw}: CQL2 has no M (measure) coordinates, only x y or x y z`,
      );
    }
    if (tag.upper === 'EMPTY') {
      ts.fail(
        tag.start,
        `${keyword} EMPTY: CQL2 has no empty geometries; give at least one coordinate`,
      );
    }
  }
  return { keyword, zTagged };
}

/**
 * Parses a WKT geometry starting at its keyword (which the caller has seen), e.g.
 * `POLYGON Z ((...))`, into GeoJSON.
 */
export function parseGeometry(ts: TokenStream, parentZ = false): GeometryLiteral {
  const keyword = ts.next() as IdentifierToken;
  const type = keyword.upper;
  const dim = parseDimensionTag(ts, type, parentZ);
  switch (type) {
    case 'POINT': {
      ts.expectSymbol('(', `after ${type}`);
      const coordinates = parsePosition(ts, dim);
      if (ts.isSymbol(',')) {
        ts.fail(
          ts.peek().start,
          'a POINT has exactly one coordinate; for several points write MULTIPOINT',
        );
      }
      ts.expectSymbol(')', 'after the coordinate of POINT');
      return { type: 'Point', coordinates } satisfies PointGeometry;
    }
    case 'LINESTRING':
      return {
        type: 'LineString',
        coordinates: parseLineString(ts, dim),
      } satisfies LineStringGeometry;
    case 'POLYGON':
      return { type: 'Polygon', coordinates: parsePolygon(ts, dim) } satisfies PolygonGeometry;
    case 'MULTIPOINT':
      return {
        type: 'MultiPoint',
        coordinates: parseMultiPoint(ts, dim),
      } satisfies MultiPointGeometry;
    case 'MULTILINESTRING': {
      const coordinates = parseList(ts, type, () => parseLineString(ts, dim)).items;
      return { type: 'MultiLineString', coordinates } satisfies MultiLineStringGeometry;
    }
    case 'MULTIPOLYGON': {
      const coordinates = parseList(ts, type, () => parsePolygon(ts, dim)).items;
      return { type: 'MultiPolygon', coordinates } satisfies MultiPolygonGeometry;
    }
    default:
      return { type: 'GeometryCollection', geometries: parseCollectionMembers(ts, dim.zTagged) };
  }
}

/** BNF rule `geometryCollectionText`: members are `geometryLiteral`s, so no nested collections. */
function parseCollectionMembers(ts: TokenStream, zTagged: boolean): SimpleGeometry[] {
  return parseList(ts, 'GEOMETRYCOLLECTION', () => {
    const token = ts.peek();
    if (token.kind !== 'identifier' || !GEOMETRY_KEYWORDS.has(token.upper)) {
      ts.unexpected('a geometry such as POINT(1 2) in GEOMETRYCOLLECTION');
    }
    if (token.upper === 'GEOMETRYCOLLECTION') {
      ts.fail(token.start, 'a GEOMETRYCOLLECTION cannot contain another GEOMETRYCOLLECTION');
    }
    return parseGeometry(ts, zTagged) as SimpleGeometry;
  }).items;
}

/**
 * BNF rule `bboxTaggedText`: `BBOX(west, south, east, north)` or, with elevations,
 * `BBOX(west, south, minElev, east, north, maxElev)`.
 */
export function parseBbox(ts: TokenStream): BboxLiteral {
  const keyword = ts.next();
  const { items } = parseList(ts, 'BBOX', () => parseSignedNumber(ts, 'BBOX'));
  if (items.length !== 4 && items.length !== 6) {
    ts.fail(
      keyword.start,
      `BBOX takes 4 numbers (west, south, east, north) or 6 (west, south, min elevation, east, north, max elevation), but was given ${items.length}`,
    );
  }
  return { bbox: items as BboxLiteral['bbox'] };
}
