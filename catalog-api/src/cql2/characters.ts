/**
 * Character classes of the CQL2 BNF (OGC 21-065r2 Annex A), by Unicode code point.
 */

type Range = readonly [number, number];

/** BNF rule `identifierStart`: colon, underscore, ASCII letters and most non-ASCII letters. */
const IDENTIFIER_START: readonly Range[] = [
  [0x3a, 0x3a],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x2ff],
  [0x370, 0x37d],
  [0x37f, 0x1ffe],
  [0x200c, 0x200d],
  [0x2070, 0x218f],
  [0x2c00, 0x2fef],
  [0x3001, 0xd7ff],
  [0xf900, 0xfdcf],
  [0xfdf0, 0xfffd],
  [0x10000, 0xeffff],
];

/** BNF rule `identifierPart` adds the period, digits, combining marks and ‿ ⁀. */
const IDENTIFIER_PART_EXTRA: readonly Range[] = [
  [0x2e, 0x2e],
  [0x30, 0x39],
  [0x300, 0x36f],
  [0x203f, 0x2040],
];

/** BNF rule `whitespace`. */
const WHITESPACE: readonly Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0x85, 0x85],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];

function inRanges(ranges: readonly Range[], cp: number): boolean {
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/**
 * U+1680 (Ogham space mark) lies inside an `identifierStart` range but is also `whitespace`;
 * whitespace wins, since it separates tokens.
 */
export function isWhitespace(cp: number): boolean {
  return inRanges(WHITESPACE, cp);
}

export function isIdentifierStart(cp: number): boolean {
  return !isWhitespace(cp) && inRanges(IDENTIFIER_START, cp);
}

export function isIdentifierPart(cp: number): boolean {
  return isIdentifierStart(cp) || inRanges(IDENTIFIER_PART_EXTRA, cp);
}

export function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}
