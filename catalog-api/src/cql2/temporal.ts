/**
 * Checks of the instant strings inside DATE('...'), TIMESTAMP('...') and INTERVAL('...', '...')
 * (OGC 21-065r2 Annex A rules `fullDate` and `utcTime`; clause 6.3.2: RFC 3339 `full-date` and
 * `date-time` in UTC). Each check returns why the string is invalid, or undefined if it is valid.
 * Strings are returned to CQL2-JSON exactly as written; only their validity is checked here.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** BNF `timestampInstantString`, the shape the CQL2-JSON schema also demands. */
const TIMESTAMP_SHAPE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/** Looser shape, only to explain what is wrong with a near-miss. */
const TIMESTAMP_LIKE =
  /^(\d{4}-\d{2}-\d{2})([Tt ])(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

const DATE_EXAMPLE = "'2024-01-31'";
const TIMESTAMP_EXAMPLE = "'2024-01-31T12:00:00Z'";

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checkCalendarDate(text: string): string | undefined {
  const m = DATE_SHAPE.exec(text);
  if (!m) return `'${text}' is not a date of the form YYYY-MM-DD such as ${DATE_EXAMPLE}`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `'${text}' has month ${m[2]}; months run from 01 to 12`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `'${text}' has day ${m[3]}, but ${m[1]}-${m[2]} has days 01 to ${last}`;
  }
  return undefined;
}

function checkClock(
  text: string,
  hour: string,
  minute: string,
  second: string,
): string | undefined {
  if (Number(hour) > 23) return `'${text}' has hour ${hour}; hours run from 00 to 23`;
  if (Number(minute) > 59) return `'${text}' has minute ${minute}; minutes run from 00 to 59`;
  // RFC 3339 §5.7 allows second 60 for a leap second.
  if (Number(second) > 60) return `'${text}' has second ${second}; seconds run from 00 to 60`;
  return undefined;
}

export function checkDate(text: string): string | undefined {
  if (TIMESTAMP_LIKE.test(text)) {
    return `DATE takes a date without a time, such as ${DATE_EXAMPLE}; for a date and time write TIMESTAMP('${text}')`;
  }
  return checkCalendarDate(text);
}

export function checkTimestamp(text: string): string | undefined {
  const strict = TIMESTAMP_SHAPE.exec(text);
  if (strict) {
    return (
      checkCalendarDate(strict[1] as string) ??
      checkClock(text, strict[2] as string, strict[3] as string, strict[4] as string)
    );
  }
  if (DATE_SHAPE.test(text)) {
    return `TIMESTAMP needs a time as well as a date, such as ${TIMESTAMP_EXAMPLE}; for a date alone write DATE('${text}')`;
  }
  const loose = TIMESTAMP_LIKE.exec(text);
  if (!loose) {
    return `'${text}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SSZ such as ${TIMESTAMP_EXAMPLE}`;
  }
  const [, , separator, , , second, , zone] = loose;
  if (separator !== 'T') {
    return `'${text}' must separate the date and the time with an upper-case T, as in ${TIMESTAMP_EXAMPLE}`;
  }
  if (second === undefined) {
    return `'${text}' must give the seconds, as in ${TIMESTAMP_EXAMPLE}`;
  }
  if (zone === 'z') return `'${text}' must end with an upper-case Z`;
  return `'${text}' must be in UTC and end with Z, as in ${TIMESTAMP_EXAMPLE}; CQL2 allows no time-zone offsets`;
}

/**
 * An INTERVAL bound given as a string (BNF rule `instantParameter`): a date, a timestamp, or
 * '..' for an open end.
 */
export function checkIntervalBound(text: string): string | undefined {
  if (text === '..') return undefined;
  if (DATE_SHAPE.test(text)) return checkCalendarDate(text);
  if (/^\d{4}-\d{2}-\d{2}[Tt ]/.test(text)) return checkTimestamp(text);
  return `'${text}' is not a date (YYYY-MM-DD), a timestamp (YYYY-MM-DDTHH:MM:SSZ) or '..' for an open end`;
}
