/** Number formatting shared by properties, CSV cells and identifiers. */

/** Rounds to a number of decimals, returning a number (not a string) for JSON. */
export function round(value: number, decimals: number): number {
  const k = 10 ** decimals;
  return Math.round(value * k) / k + 0;
}

/** Zero-padded integer, e.g. `pad(7, 3)` is `007`. */
export function pad(value: number, digits: number): string {
  return String(Math.round(value)).padStart(digits, '0');
}
