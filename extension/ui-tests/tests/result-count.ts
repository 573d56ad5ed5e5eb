/** `numberMatched` as the panel's "200 of 1,684 matched" line shows it (the last number). */
export function matchedOf(text: string): number {
  const numbers = [...text.replaceAll(',', '').matchAll(/\d+/g)].map((m) => Number(m[0]));
  return numbers.at(-1) ?? 0;
}
