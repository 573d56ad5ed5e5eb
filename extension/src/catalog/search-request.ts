/**
 * The search form's state in STAC API Item Search terms: what the model sends, and what a
 * dropped "current search" turns into code.
 */
import type { SearchLike } from '../codegen/index.js';
import { filterToCql2, isWholeDay } from './filter.js';
import type { SearchQuery } from './tokens.js';
import type { Queryable } from './types.js';

export const EMPTY_QUERY: SearchQuery = {
  collections: [],
  q: '',
  start: '',
  end: '',
  bbox: null,
  filters: [],
  sortby: null,
};

/** Throws FilterInputError or DateRangeError with a sentence when the form has a mistake. */
export function buildSearchRequest(
  query: SearchQuery,
  queryables: readonly Queryable[],
  limit: number,
): SearchLike {
  const request: SearchLike = { limit };
  if (query.collections.length > 0) request.collections = [...query.collections];
  if (query.q.trim() !== '') request.q = query.q.trim();
  if (query.bbox) request.bbox = [...query.bbox];
  const datetime = datetimeInterval(query.start, query.end);
  if (datetime) request.datetime = datetime;
  const filter = filterToCql2(query.filters, queryables);
  if (filter) {
    request.filter = filter as SearchLike['filter'];
    request.filterLang = 'cql2-json';
  }
  if (query.sortby)
    request.sortby = [{ field: query.sortby.field, direction: query.sortby.direction }];
  return request;
}

export class DateRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateRangeError';
  }
}

/**
 * STAC API Item Search §datetime: a closed or half-open RFC 3339 interval. The form's dates
 * are whole UTC days, so the end is the last second of its day.
 */
export function datetimeInterval(start: string, end: string): string | undefined {
  const from = start.trim();
  const to = end.trim();
  if (from === '' && to === '') {
    return undefined;
  }
  for (const [label, value] of [
    ['start', from],
    ['end', to],
  ] as const) {
    if (value !== '' && !isWholeDay(value)) {
      throw new DateRangeError(`The ${label} date “${value}” is not a date; use YYYY-MM-DD.`);
    }
  }
  if (from !== '' && to !== '' && from > to) {
    throw new DateRangeError(`The start date ${from} is after the end date ${to}.`);
  }
  return `${from === '' ? '..' : `${from}T00:00:00Z`}/${to === '' ? '..' : `${to}T23:59:59Z`}`;
}
