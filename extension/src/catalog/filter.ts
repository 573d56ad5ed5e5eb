/**
 * The filter builder's rows turned into CQL2-JSON (OGC CQL2 §Basic CQL2, Advanced Comparison
 * Operators, Temporal Operators). Each row's text is converted by its queryable's JSON Schema
 * type, so `eo:cloud_cover < 10` compares numbers and `datetime > 2024-01-01` a timestamp.
 */
import type { FilterClause } from './tokens.js';
import type { Queryable } from './types.js';

type Cql2 = { op: string; args: unknown[] };

/** A row the user must fix before searching; `message` names the field. */
export class FilterInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterInputError';
  }
}

/** All complete rows ANDed, or `undefined` when there is nothing to filter on. */
export function filterToCql2(
  clauses: readonly FilterClause[],
  queryables: readonly Queryable[],
): Cql2 | undefined {
  const byName = new Map(queryables.map((q) => [q.name, q]));
  const parts = clauses
    .filter(
      (clause) => clause.property !== '' && (clause.op === 'isNull' || clause.value.trim() !== ''),
    )
    .map((clause) => clauseToCql2(clause, byName.get(clause.property)));
  if (parts.length === 0) {
    return undefined;
  }
  return parts.length === 1 ? parts[0] : { op: 'and', args: parts };
}

function clauseToCql2(clause: FilterClause, queryable: Queryable | undefined): Cql2 {
  const property = { property: clause.property };
  const label = queryable?.title ?? clause.property;
  const literal = (text: string) => toLiteral(text, queryable, label);
  switch (clause.op) {
    case 'isNull':
      return { op: 'isNull', args: [property] };
    case 'like':
      // Users type `*` as the wildcard; CQL2 LIKE uses `%`.
      return { op: 'like', args: [property, clause.value.trim().replaceAll('*', '%')] };
    case 'in':
      return {
        op: 'in',
        args: [
          property,
          clause.value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map(literal),
        ],
      };
    case 'between': {
      const upper = clause.value2?.trim() ?? '';
      if (upper === '') {
        throw new FilterInputError(`Give both bounds for “${label} between”.`);
      }
      if (isTemporalQueryable(queryable)) {
        // CQL2 BETWEEN is for numbers; a date range is two comparisons.
        return {
          op: 'and',
          args: [
            { op: '>=', args: [property, literal(clause.value)] },
            { op: '<=', args: [property, toTimestamp(upper, label, true)] },
          ],
        };
      }
      return { op: 'between', args: [property, literal(clause.value), literal(upper)] };
    }
    default:
      if (isTemporalQueryable(queryable) && (clause.op === '<=' || clause.op === '>')) {
        // "before or on 2024-01-31" means up to the end of that day.
        return { op: clause.op, args: [property, toTimestamp(clause.value, label, true)] };
      }
      return { op: clause.op, args: [property, literal(clause.value)] };
  }
}

/** Whether a queryable holds dates: what the builder offers date inputs for, and sends as timestamps. */
export function isTemporalQueryable(queryable: Queryable | undefined): boolean {
  return (
    queryable?.format === 'date-time' ||
    queryable?.format === 'date' ||
    queryable?.name === 'datetime'
  );
}

function toLiteral(text: string, queryable: Queryable | undefined, label: string): unknown {
  const value = text.trim();
  if (isTemporalQueryable(queryable)) {
    return toTimestamp(value, label, false);
  }
  switch (queryable?.type) {
    case 'number':
    case 'integer': {
      const number = Number(value);
      if (
        value === '' ||
        !Number.isFinite(number) ||
        (queryable.type === 'integer' && !Number.isInteger(number))
      ) {
        throw new FilterInputError(
          `“${value}” is not ${queryable.type === 'integer' ? 'an integer' : 'a number'} (${label}).`,
        );
      }
      return number;
    }
    case 'boolean':
      if (value === 'true' || value === 'false') {
        return value === 'true';
      }
      throw new FilterInputError(`${label} is true or false, not “${value}”.`);
    default:
      return value;
  }
}

/** `YYYY-MM-DD` (start or end of that UTC day) or a full RFC 3339 instant, as a CQL2 timestamp. */
function toTimestamp(text: string, label: string, endOfDay: boolean): { timestamp: string } {
  const value = text.trim();
  if (isWholeDay(value)) {
    return { timestamp: `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z` };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) {
    return { timestamp: new Date(value).toISOString().replace('.000Z', 'Z') };
  }
  throw new FilterInputError(`“${value}” is not a date (${label}); use YYYY-MM-DD.`);
}

/** A calendar day as the date inputs give it: `YYYY-MM-DD`, and a real date. */
export function isWholeDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
