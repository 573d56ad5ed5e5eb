import type { StacItem } from '../catalog/stac-types.js';

/** Core names PgSTAC already knows as queryables or columns; not registered again. */
export const BUILT_IN_QUERYABLES = new Set([
  'datetime',
  'start_datetime',
  'end_datetime',
  'id',
  'geometry',
  'collection',
]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Definition = { type: string; format?: string; title?: string; items?: { type: string } };

function definitionOf(value: unknown): Definition | undefined {
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string') {
    return RFC3339.test(value) ? { type: 'string', format: 'date-time' } : { type: 'string' };
  }
  if (Array.isArray(value)) {
    const first = value.find((v) => v !== null && v !== undefined);
    const inner = first === undefined ? undefined : definitionOf(first);
    return inner && inner.type !== 'array'
      ? { type: 'array', items: { type: inner.type } }
      : undefined;
  }
  return undefined; // objects and nulls are not filterable as one value
}

/**
 * Queryable definitions (JSON Schema properties) for the top-level properties that items carry:
 * what a data manager would otherwise register by hand so that filters and sorts on them work
 * and `/queryables` tells clients what exists. A property seen as both integer and number is a
 * number; one seen with conflicting types is left out.
 */
export function inferQueryables(items: StacItem[]): Record<string, Definition> {
  const found = new Map<string, Definition | null>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item.properties ?? {})) {
      if (BUILT_IN_QUERYABLES.has(name)) continue;
      const def = definitionOf(value);
      if (!def) continue;
      const seen = found.get(name);
      if (seen === undefined) found.set(name, def);
      else if (seen && seen.type !== def.type) {
        const numeric = new Set([seen.type, def.type]);
        found.set(
          name,
          numeric.has('integer') && numeric.has('number') && numeric.size === 2
            ? { type: 'number' }
            : null,
        );
      }
    }
  }
  const out: Record<string, Definition> = {};
  for (const [name, def] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if (def) out[name] = { ...def, title: name };
  }
  return out;
}
