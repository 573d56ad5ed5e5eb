/**
 * The fields the results can be sorted by (STAC API Sort extension): the item's datetime and
 * id, which every catalog sorts on, then the queryables whose values have an order.
 */
import type { Queryable } from '../catalog/types.js';
import { queryableKind } from './filter-operators.js';

export interface SortField {
  field: string;
  label: string;
}

export function sortFields(queryables: readonly Queryable[]): SortField[] {
  const byName = new Map(queryables.map((queryable) => [queryable.name, queryable]));
  const fields: SortField[] = ['datetime', 'id'].map((field) => ({
    field,
    label: byName.get(field)?.title ?? field,
  }));
  for (const queryable of queryables) {
    const kind = queryableKind(queryable);
    if (kind === null || kind === 'boolean' || fields.some((f) => f.field === queryable.name)) {
      continue;
    }
    fields.push({ field: queryable.name, label: queryable.title ?? queryable.name });
  }
  return fields;
}

/** Newest first is what one wants from a time series; everything else starts ascending. */
export function defaultDirection(field: string): 'asc' | 'desc' {
  return field === 'datetime' ? 'desc' : 'asc';
}
