import { InvalidQueryError } from '../errors.js';
import { GEOMETRY_TYPES } from '../schemas/stac.js';

/**
 * CQL2-JSON operators PgSTAC evaluates (its cql2_query function and cql2_ops table), in
 * lower case. A filter using anything else gets a 400 naming the operator, rather than an
 * error from deep inside the database.
 */
const SUPPORTED_OPS = new Set([
  'and', 'or', 'not',
  '=', '<>', '!=', '<', '>', '<=', '>=',
  'like', 'ilike', 'between', 'in', 'isnull',
  'casei', 'accenti', 'upper', 'lower',
  '+', '-', '*', '/',
  's_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains',
  't_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedby',
  't_finishes', 't_intersects', 't_meets', 't_metby', 't_overlappedby', 't_overlaps',
  't_startedby', 't_starts', 'anyinteracts',
  'a_equals', 'a_contains', 'a_containedby', 'a_contained_by', 'a_overlaps',
]); // biome-ignore format: one family of operators per line reads best

const GEOMETRY_TYPE_NAMES = new Set<string>(GEOMETRY_TYPES);

/**
 * Walks a CQL2-JSON expression, checks its structure and operators, and returns the property
 * names it references (so the caller can check them against the queryables).
 */
export function cql2Properties(expression: unknown): Set<string> {
  const properties = new Set<string>();
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return; // a literal
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${path}[${i}]`);
      return;
    }
    const obj = node as Record<string, unknown>;
    if ('op' in obj) {
      if (typeof obj.op !== 'string' || !SUPPORTED_OPS.has(obj.op.toLowerCase())) {
        throw new InvalidQueryError(
          `filter${path}: operator ${JSON.stringify(obj.op)} is not supported by this catalog`,
        );
      }
      if (!Array.isArray(obj.args)) {
        throw new InvalidQueryError(`filter${path}: operator '${obj.op}' needs an "args" array`);
      }
      for (const [i, child] of obj.args.entries()) visit(child, `${path}.args[${i}]`);
      return;
    }
    if ('property' in obj) {
      if (typeof obj.property !== 'string' || obj.property === '') {
        throw new InvalidQueryError(`filter${path}: "property" must be a non-empty string`);
      }
      properties.add(obj.property);
      return;
    }
    if ('timestamp' in obj || 'date' in obj || 'interval' in obj || 'bbox' in obj) {
      if ('interval' in obj) visit(obj.interval, `${path}.interval`);
      return;
    }
    if (typeof obj.type === 'string' && GEOMETRY_TYPE_NAMES.has(obj.type)) return;
    throw new InvalidQueryError(
      `filter${path}: ${JSON.stringify(node).slice(0, 80)} is not a CQL2 expression (expected op/args, property, a literal, timestamp, interval, bbox or a GeoJSON geometry)`,
    );
  };
  visit(expression, '');
  return properties;
}

/**
 * Rewrites CQL2-JSON forms older clients send into the ones PgSTAC reads: BETWEEN with its
 * bounds in one array (`[x, [lo, hi]]`, the draft form the STAC API validator still uses)
 * becomes the standard `[x, lo, hi]`.
 */
export function normaliseCql2Json(expression: unknown): unknown {
  if (Array.isArray(expression)) return expression.map(normaliseCql2Json);
  if (expression === null || typeof expression !== 'object') return expression;
  const node = expression as Record<string, unknown>;
  if (typeof node.op !== 'string' || !Array.isArray(node.args)) return node;
  let args = node.args.map(normaliseCql2Json);
  const bounds = args[1];
  if (
    node.op.toLowerCase() === 'between' &&
    args.length === 2 &&
    Array.isArray(bounds) &&
    bounds.length === 2
  ) {
    args = [args[0], bounds[0], bounds[1]];
  }
  return { ...node, args };
}
