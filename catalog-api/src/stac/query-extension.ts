import { InvalidQueryError } from '../errors.js';

type Cql2 = Record<string, unknown>;

/** LIKE pattern characters in a literal value are escaped so they match themselves. */
const likeLiteral = (value: unknown, op: string, name: string): string => {
  if (typeof value !== 'string') {
    throw new InvalidQueryError(`query: ${name}.${op} needs a string value`);
  }
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
};

const COMPARISONS: Record<string, string> = {
  eq: '=',
  neq: '<>',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/**
 * The Query extension (STAC API Query Fragment v1.0.0): `{"prop": {"op": value}}` with eq, neq,
 * lt, lte, gt, gte, startsWith, endsWith, contains and in, translated to CQL2-JSON so PgSTAC
 * evaluates it with the same machinery as filters (its own query translation lacks the
 * substring operators). `typeOf` gives a queryable's JSON Schema type.
 */
export function queryToCql2(
  query: Record<string, unknown>,
  typeOf: (name: string) => string | undefined = () => undefined,
): Cql2 | undefined {
  const terms: Cql2[] = [];
  for (const [name, ops] of Object.entries(query)) {
    if (ops === null || typeof ops !== 'object' || Array.isArray(ops)) {
      throw new InvalidQueryError(`query: '${name}' must map operators to values, e.g. {"eq": 5}`);
    }
    const property = { property: name };
    for (const [op, value] of Object.entries(ops as Record<string, unknown>)) {
      if (op in COMPARISONS) {
        terms.push({ op: COMPARISONS[op], args: [property, value] });
      } else if (op === 'startsWith') {
        terms.push({ op: 'like', args: [property, `${likeLiteral(value, op, name)}%`] });
      } else if (op === 'endsWith') {
        terms.push({ op: 'like', args: [property, `%${likeLiteral(value, op, name)}`] });
      } else if (op === 'contains') {
        terms.push({ op: 'like', args: [property, `%${likeLiteral(value, op, name)}%`] });
      } else if (op === 'in') {
        if (!Array.isArray(value) || value.length === 0) {
          throw new InvalidQueryError(`query: ${name}.in needs a non-empty array`);
        }
        // On an array-valued property (e.g. instruments), "in" means: shares a value with.
        terms.push(
          typeOf(name) === 'array'
            ? { op: 'a_overlaps', args: [property, value] }
            : { op: 'in', args: [property, value] },
        );
      } else {
        throw new InvalidQueryError(
          `query: operator '${op}' on '${name}' is not supported; use eq, neq, lt, lte, gt, gte, startsWith, endsWith, contains or in`,
        );
      }
    }
  }
  if (terms.length === 0) return undefined;
  return terms.length === 1 ? terms[0] : { op: 'and', args: terms };
}
