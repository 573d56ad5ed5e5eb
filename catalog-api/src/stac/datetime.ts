import { InvalidQueryError } from '../errors.js';

/**
 * RFC 3339 date-time as STAC API requires (Item Search §Query Parameters: datetime): a full
 * date and time with 'Z' or an offset; lower-case 't'/'z' are allowed by RFC 3339 §5.6.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function checkInstant(value: string, what: string): number {
  const m = RFC3339.exec(value);
  const time = m ? Date.parse(value.toUpperCase()) : Number.NaN;
  if (!m || Number.isNaN(time)) {
    throw new InvalidQueryError(
      `${what} '${value}' is not an RFC 3339 date-time; use for example 2024-05-01T00:00:00Z`,
    );
  }
  // Date.parse rolls 2024-02-30 over to March: compare the fields to refuse impossible dates.
  const [, y, mo, d] = m;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) {
    throw new InvalidQueryError(`${what} '${value}' is not a real calendar date`);
  }
  return time;
}

const OPEN = new Set(['', '..']);

/**
 * Validates a STAC `datetime` parameter: one instant, or an interval `start/end` whose open
 * end is '..' or empty. Returns it as given (PgSTAC parses the same syntax).
 */
export function validateDatetime(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidQueryError('datetime is empty');
  const parts = trimmed.split('/');
  if (parts.length === 1) {
    checkInstant(trimmed, 'datetime');
    return trimmed;
  }
  if (parts.length !== 2) {
    throw new InvalidQueryError(
      `datetime '${value}' has more than one '/'; an interval is start/end, e.g. 2024-01-01T00:00:00Z/..`,
    );
  }
  const [start = '', end = ''] = parts;
  if (OPEN.has(start) && OPEN.has(end)) {
    throw new InvalidQueryError(
      `datetime '${value}' is open at both ends; give at least one of start and end`,
    );
  }
  const from = OPEN.has(start) ? undefined : checkInstant(start, 'datetime start');
  const to = OPEN.has(end) ? undefined : checkInstant(end, 'datetime end');
  if (from !== undefined && to !== undefined && from > to) {
    throw new InvalidQueryError(`datetime interval '${value}' ends before it starts`);
  }
  return trimmed;
}
