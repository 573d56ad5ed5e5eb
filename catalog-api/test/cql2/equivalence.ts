/**
 * When two CQL2-JSON documents count as the same filter, for comparing the parser with the
 * standard's examples and with the reference implementation. Deliberately narrow: only
 * differences of spelling that cannot change a filter's meaning are removed.
 *
 * 1. Numbers compare by value. JSON.parse already reads 150.0 and 150 as one number (the
 *    standard writes both, e.g. clause6_02c, example39), and so do the oracle's Python floats;
 *    in addition -0 counts as 0 (example46 writes -0.0 in a coordinate).
 * 2. A UTC timestamp's fraction of a second is compared without trailing zeros. The standard
 *    writes TIMESTAMP('2012-08-10T05:30:00.000000Z') as {"timestamp": "2012-08-10T05:30:00Z"}
 *    (example54, example55, example82), the same instant; the parser returns the string as
 *    written. Only strings under "timestamp" and in "interval" arrays are touched, and only
 *    when they are complete UTC timestamps.
 *
 * Nothing else is normalised. Op names and their case, property names, strings, argument
 * order and count, arrays versus objects, and the nesting of "and"/"or" must all match exactly:
 * the standard writes `a AND b AND c` as one "and" with three args (example04, example06b), so
 * the parser must produce that shape, not merely something equivalent.
 */

const TIMESTAMP_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d+)Z$/;

export function canonicalTimestamp(text: string): string {
  const m = TIMESTAMP_WITH_FRACTION.exec(text);
  if (!m) return text;
  const fraction = (m[2] as string).replace(/0+$/, '');
  return fraction ? `${m[1]}.${fraction}Z` : `${m[1]}Z`;
}

export function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === 'timestamp' && typeof member === 'string') {
      out[key] = canonicalTimestamp(member);
    } else if (key === 'interval' && Array.isArray(member)) {
      out[key] = member.map((bound) =>
        typeof bound === 'string' ? canonicalTimestamp(bound) : canonical(bound),
      );
    } else {
      out[key] = canonical(member);
    }
  }
  return out;
}
