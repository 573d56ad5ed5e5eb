/** Time helpers. Everything is UTC milliseconds; strings are RFC 3339 with a `Z` suffix. */

export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;

/** UTC instant of a calendar date; months count from 1. */
export function utc(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/** The span the whole demo lives in: calendar years 2023 to 2025. */
export const DEMO_START_MS = utc(2023, 1, 1);
export const DEMO_END_MS = utc(2026, 1, 1) - SECOND_MS;

/** RFC 3339 to the second, e.g. `2024-05-17T10:31:02Z`. */
export function isoDateTime(ms: number): string {
  return `${new Date(Math.round(ms / SECOND_MS) * SECOND_MS).toISOString().slice(0, 19)}Z`;
}

const dateCache = new Map<number, string>();

/** Calendar date, e.g. `2024-05-17`. Memoised: daily series format the same days many times. */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dateCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dateCache.set(day, text);
  }
  return text;
}

const YEAR_STARTS = Array.from({ length: 200 }, (_, i) => Date.UTC(1970 + i, 0, 1));

function yearStart(year: number): number {
  return YEAR_STARTS[year - 1970] ?? Date.UTC(year, 0, 1);
}

/**
 * Calendar year of an instant. Hydrological signals are sampled millions of times, so this
 * avoids allocating a Date each time.
 */
export function utcYear(ms: number): number {
  let year = 1970 + Math.floor(ms / (DAY_MS * YEAR_DAYS));
  while (ms < yearStart(year)) year--;
  while (ms >= yearStart(year + 1)) year++;
  return year;
}

/** Position in the year as a fraction in [0, 1), for seasonal cycles. */
export function yearFraction(ms: number): number {
  const year = utcYear(ms);
  const start = yearStart(year);
  return (ms - start) / (yearStart(year + 1) - start);
}

/** Calendar months overlapping [fromMs, toMs], each as its first and last second. */
export function monthsBetween(fromMs: number, toMs: number): { start: number; end: number }[] {
  const months: { start: number; end: number }[] = [];
  const from = new Date(fromMs);
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  for (;;) {
    const start = Date.UTC(year, month, 1);
    if (start > toMs) return months;
    const end = Date.UTC(year, month + 1, 1) - SECOND_MS;
    months.push({ start, end });
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}
