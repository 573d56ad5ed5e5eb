/**
 * What the filter builder offers for a queryable: the kind of value it holds, the CQL2
 * operators that make sense for it, and how a row changes when the user picks another
 * property or operator. The rows' text is turned into CQL2-JSON by `filterToCql2` when the
 * search runs; this only decides what the user can choose.
 */
import { isTemporalQueryable } from '../catalog/filter.js';
import type { FilterClause, FilterOp } from '../catalog/index.js';
import type { Queryable } from '../catalog/types.js';

export type QueryableKind = 'number' | 'string' | 'enum' | 'datetime' | 'boolean';

const OPERATORS: Record<QueryableKind, readonly FilterOp[]> = {
  number: ['=', '<>', '<', '<=', '>', '>=', 'between'],
  string: ['=', '<>', 'like', 'in'],
  enum: ['=', '<>', 'in'],
  // filterToCql2 reads `<` as "before that day" and `>` as "after that day".
  datetime: ['<', '>', 'between'],
  boolean: ['='],
};

/**
 * The kind of value a queryable holds, or `null` for what the builder cannot offer (a
 * geometry, an object, an array). Temporal is `filterToCql2`'s own test, so a date typed
 * here is sent as a timestamp.
 */
export function queryableKind(queryable: Queryable): QueryableKind | null {
  if (isTemporalQueryable(queryable)) {
    return 'datetime';
  }
  if (queryable.name === 'geometry' || /geometry/i.test(queryable.ref ?? '')) {
    return null;
  }
  if (queryable.enum && queryable.enum.length > 0) {
    return 'enum';
  }
  switch (queryable.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
    case undefined:
      return 'string';
    default:
      return null;
  }
}

/** The queryables a filter row can use, in the catalog's order. */
export function filterableQueryables(queryables: readonly Queryable[]): Queryable[] {
  return queryables.filter((queryable) => queryableKind(queryable) !== null);
}

export function operatorsFor(kind: QueryableKind): readonly FilterOp[] {
  return OPERATORS[kind];
}

/** The kind of a row's property; a property the queryables no longer list is text. */
export function clauseKind(clause: FilterClause, queryables: readonly Queryable[]): QueryableKind {
  const queryable = queryables.find((q) => q.name === clause.property);
  return (queryable && queryableKind(queryable)) ?? 'string';
}

/** The enum's values as the form holds them (text). */
export function enumValues(queryable: Queryable | undefined): string[] {
  return (queryable?.enum ?? []).map((value) => String(value));
}

/** A new row on the first usable queryable, or `null` when there is none. */
export function newClause(queryables: readonly Queryable[]): FilterClause | null {
  const first = filterableQueryables(queryables)[0];
  return first ? startClause(first) : null;
}

/**
 * The row on another property. The operator and value stay when they still make sense (same
 * kind of value, not an enum whose values differ); otherwise the row starts over with that
 * kind's first operator and value.
 */
export function withProperty(
  clause: FilterClause,
  queryable: Queryable,
  queryables: readonly Queryable[],
): FilterClause {
  const kind = queryableKind(queryable) ?? 'string';
  const keep =
    kind !== 'enum' &&
    clauseKind(clause, queryables) === kind &&
    operatorsFor(kind).includes(clause.op);
  return keep ? { ...clause, property: queryable.name } : startClause(queryable);
}

/**
 * The row with another operator. The first value stays; the upper bound only for `between`;
 * an enum's list keeps its first value when a single-value operator is chosen.
 */
export function withOperator(clause: FilterClause, op: FilterOp): FilterClause {
  const { value2, ...rest } = clause;
  const value =
    clause.op === 'in' && op !== 'in' ? (listValues(clause.value)[0] ?? '') : clause.value;
  return op === 'between' ? { ...rest, op, value, value2: value2 ?? '' } : { ...rest, op, value };
}

/** `in` lists as `filterToCql2` reads them: comma-separated. */
export function listValues(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function joinListValues(values: readonly string[]): string {
  return values.join(', ');
}

function startClause(queryable: Queryable): FilterClause {
  const kind = queryableKind(queryable) ?? 'string';
  const op = operatorsFor(kind)[0] ?? '=';
  // A select shows its first choice; the row holds it too, so what is seen is what is sent.
  const value =
    kind === 'boolean' ? 'true' : kind === 'enum' ? (enumValues(queryable)[0] ?? '') : '';
  return { property: queryable.name, op, value };
}
