import type { PgstacSearch } from '../catalog/stac-types.js';
import { Cql2SyntaxError, parseCql2Text } from '../cql2/index.js';
import { InvalidQueryError } from '../errors.js';
import { validateBbox } from './bbox.js';
import { validateDatetime } from './datetime.js';
import { effectiveFields } from './fields.js';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10_000;

/** The item search parameters as a POST body carries them (STAC API Item Search). */
export interface SearchBody {
  collections?: string[] | string;
  ids?: string[] | string;
  bbox?: number[];
  intersects?: Record<string, unknown>;
  datetime?: string;
  limit?: number;
  filter?: unknown;
  'filter-lang'?: string;
  'filter-crs'?: string;
  sortby?: { field: string; direction?: 'asc' | 'desc' }[];
  fields?: { include?: string[] | null; exclude?: string[] | null };
  query?: Record<string, unknown>;
  q?: string | string[];
  /** False: `q` is searched as given, without thesaurus expansion. */
  thesaurus?: boolean;
  token?: string;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function parseJsonParam(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidQueryError(`${name} is not valid JSON: ${value.slice(0, 80)}`);
  }
}

/** `sortby=-datetime,+id,properties.eo:cloud_cover` (STAC API Sort §GET). */
export function parseSortbyParam(value: string): { field: string; direction: 'asc' | 'desc' }[] {
  return list(value).map((term) => {
    const direction = term.startsWith('-') ? 'desc' : 'asc';
    const field = term.replace(/^[+-]/, '');
    if (field === '') throw new InvalidQueryError(`sortby term '${term}' names no field`);
    return { field, direction };
  });
}

/** `fields=id,properties.datetime,-assets` (STAC API Fields §GET). */
export function parseFieldsParam(value: string): { include?: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const term of list(value)) {
    if (term.startsWith('-')) exclude.push(term.slice(1));
    else include.push(term.replace(/^\+/, ''));
  }
  // `fields=-geometry` names no include at all: the whole item minus geometry.
  return include.length > 0 || exclude.length === 0 ? { include, exclude } : { exclude };
}

/** An integer parameter within [min, max], or its fallback when absent; else a 400 naming it. */
export function parseIntegerParam(
  name: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidQueryError(`${name} must be an integer from ${min} to ${max}; got '${value}'`);
  }
  return n;
}

/**
 * A page size. Above the maximum it is capped, not refused: OGC API Features Part 1
 * /req/core/fc-limit-response-1 says a larger limit "SHALL NOT result in an error".
 */
export function parseLimit(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new InvalidQueryError(
      `limit must be an integer from 1 to ${MAX_LIMIT}; got ${JSON.stringify(value)}`,
    );
  }
  return Math.min(n, MAX_LIMIT);
}

/** Turns a filter in either CQL2 encoding into CQL2-JSON (what PgSTAC evaluates). */
export function normaliseFilter(filter: unknown, lang: string | undefined): unknown {
  const language = lang ?? (typeof filter === 'string' ? 'cql2-text' : 'cql2-json');
  if (language === 'cql2-text') {
    if (typeof filter !== 'string') {
      throw new InvalidQueryError('filter-lang is cql2-text, so filter must be a string');
    }
    try {
      return parseCql2Text(filter);
    } catch (error) {
      if (error instanceof Cql2SyntaxError) throw new InvalidQueryError(error.message);
      throw error;
    }
  }
  if (language === 'cql2-json') {
    if (typeof filter === 'string') return parseJsonParam('filter (cql2-json)', filter);
    if (filter === null || typeof filter !== 'object') {
      throw new InvalidQueryError('filter (cql2-json) must be a JSON object');
    }
    return filter;
  }
  throw new InvalidQueryError(
    `filter-lang '${language}' is not supported; use cql2-text or cql2-json`,
  );
}

function checkFilterCrs(crs: string | undefined): void {
  if (crs && !/^https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84$/.test(crs)) {
    throw new InvalidQueryError(
      `filter-crs '${crs}' is not supported; only http://www.opengis.net/def/crs/OGC/1.3/CRS84`,
    );
  }
}

/** Validates a POST /search body (already schema-checked) into PgSTAC's search document. */
export function searchFromBody(body: SearchBody): PgstacSearch {
  const search: PgstacSearch = {};
  if (body.collections) search.collections = [body.collections].flat();
  if (body.ids) search.ids = [body.ids].flat();
  if (body.bbox && body.intersects) {
    throw new InvalidQueryError('give either bbox or intersects, not both');
  }
  if (body.bbox) search.bbox = validateBbox(body.bbox);
  if (body.intersects) search.intersects = body.intersects;
  if (body.datetime !== undefined) search.datetime = validateDatetime(body.datetime);
  search.limit = body.limit === undefined ? DEFAULT_LIMIT : parseLimit(body.limit);
  if (body.filter !== undefined) {
    checkFilterCrs(body['filter-crs']);
    search.filter = normaliseFilter(body.filter, body['filter-lang']);
    search['filter-lang'] = 'cql2-json';
  }
  if (body.sortby && body.sortby.length > 0) {
    search.sortby = body.sortby.map((s) => ({ field: s.field, direction: s.direction ?? 'asc' }));
  }
  if (body.fields) {
    search.fields = effectiveFields(body.fields);
  }
  if (body.query) search.query = body.query;
  if (body.q !== undefined) search.q = body.q;
  if (body.token) search.token = body.token;
  return search;
}

/** The GET form of item search (query string) into the POST form. */
export function bodyFromQuery(query: Record<string, string | undefined>): SearchBody {
  const body: SearchBody = {};
  if (query.collections) body.collections = list(query.collections);
  if (query.ids) body.ids = list(query.ids);
  if (query.bbox)
    body.bbox = list(query.bbox).map((v) => (Number.isNaN(Number(v)) ? NaN : Number(v)));
  if (query.bbox !== undefined && query.bbox.trim() === '') {
    throw new InvalidQueryError('bbox is empty; give west,south,east,north');
  }
  if (query.intersects) {
    const geometry = parseJsonParam('intersects', query.intersects);
    if (geometry === null || typeof geometry !== 'object' || Array.isArray(geometry)) {
      throw new InvalidQueryError('intersects must be a GeoJSON geometry object');
    }
    body.intersects = geometry as Record<string, unknown>;
  }
  if (query.datetime !== undefined) body.datetime = query.datetime;
  if (query.limit !== undefined) body.limit = parseLimit(query.limit);
  if (query.filter !== undefined) {
    body.filter = query.filter;
    body['filter-lang'] = query['filter-lang'] ?? 'cql2-text';
  }
  if (query['filter-crs']) body['filter-crs'] = query['filter-crs'];
  if (query.sortby) body.sortby = parseSortbyParam(query.sortby);
  if (query.fields !== undefined) body.fields = parseFieldsParam(query.fields);
  if (query.query) {
    const q = parseJsonParam('query', query.query);
    if (q === null || typeof q !== 'object' || Array.isArray(q)) {
      throw new InvalidQueryError('query must be a JSON object, e.g. {"eo:cloud_cover":{"lt":10}}');
    }
    body.query = q as Record<string, unknown>;
  }
  if (query.q) body.q = query.q;
  if (query.thesaurus !== undefined) body.thesaurus = query.thesaurus !== 'false';
  if (query.token) body.token = query.token;
  return body;
}
