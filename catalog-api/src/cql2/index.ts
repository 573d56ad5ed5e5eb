/**
 * CQL2-text → CQL2-JSON (OGC 21-065r2, Common Query Language), for the STAC API filter
 * extension: `filter-lang=cql2-text` requests are turned into the CQL2-JSON that PgSTAC takes.
 */
import { parseFilter } from './parser.js';
import type { Cql2Expression } from './types.js';

export { Cql2SyntaxError } from './errors.js';
export type * from './types.js';

/**
 * Parses a CQL2-text filter into CQL2-JSON, plain objects ready for JSON.stringify.
 * @throws Cql2SyntaxError if the text is not valid CQL2-text, saying where and what is wrong.
 */
export function parseCql2Text(text: string): Cql2Expression {
  return parseFilter(text);
}
