import { InvalidQueryError } from '../errors.js';

/**
 * Validates a bbox (STAC API Item Search §bbox; OGC API Features §7.15.3): 4 or 6 numbers,
 * WGS 84 longitude/latitude, south <= north. west > east is allowed: it crosses the antimeridian.
 */
export function validateBbox(values: unknown[]): number[] {
  if (values.length !== 4 && values.length !== 6) {
    throw new InvalidQueryError(
      `bbox must have 4 numbers (west,south,east,north) or 6 (with min and max elevation); got ${values.length}`,
    );
  }
  const numbers = values.map((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v));
  if (!numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n))) {
    throw new InvalidQueryError(`bbox values must all be numbers; got ${JSON.stringify(values)}`);
  }
  const three = numbers.length === 6;
  const [w, s, e, n] = three
    ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!]
    : [numbers[0]!, numbers[1]!, numbers[2]!, numbers[3]!];
  for (const [name, lon] of [
    ['west', w],
    ['east', e],
  ] as const) {
    if (lon < -180 || lon > 180) {
      throw new InvalidQueryError(`bbox ${name} longitude ${lon} is outside -180..180`);
    }
  }
  for (const [name, lat] of [
    ['south', s],
    ['north', n],
  ] as const) {
    if (lat < -90 || lat > 90) {
      throw new InvalidQueryError(`bbox ${name} latitude ${lat} is outside -90..90`);
    }
  }
  if (s > n) throw new InvalidQueryError(`bbox south (${s}) is greater than north (${n})`);
  if (three && numbers[2]! > numbers[5]!) {
    throw new InvalidQueryError('bbox minimum elevation is greater than the maximum');
  }
  return numbers;
}

/** Parses the comma-separated GET form of bbox. */
export function parseBboxParam(value: string): number[] {
  return validateBbox(value.split(','));
}
