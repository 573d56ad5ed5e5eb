/**
 * PgSTAC stores each item "dehydrated": only what differs from its collection's base item
 * (PgSTAC's strip_jsonb), and rebuilds it on read (merge_jsonb). These are the same two
 * functions in TypeScript, so that the loader can write rows without PgSTAC dehydrating them
 * one by one in SQL, and searches can hydrate in the API instead of in the database. They
 * must agree with PgSTAC's SQL exactly; the integration tests compare both ways.
 *
 * `undefined` stands for SQL NULL (no value); `null` is a JSON null.
 */
export const DO_NOT_MERGE_MARKER = '𒍟※';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Equality of two JSON values as jsonb compares them (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** jsonb_strip_nulls: drops object members whose value is null, at every depth. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (v !== null && v !== undefined) out[k] = stripNulls(v);
  return out;
}

/** PgSTAC's strip_jsonb(a, b): what of `a` differs from `b`. */
export function stripJsonb(a: unknown, b: unknown): unknown {
  if ((a === undefined || a === null) && b !== undefined && b !== null) return DO_NOT_MERGE_MARKER;
  if (b === undefined || a === null) return a;
  if (jsonEqual(a, b)) return isObject(a) ? {} : undefined;
  if (isObject(a) && isObject(b)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      out[key] = stripJsonb(a[key], b[key]);
    }
    return stripNulls(out);
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.map((v, i) => stripJsonb(v, b[i]) ?? null);
  }
  return a;
}

/** PgSTAC's merge_jsonb(a, b): `a` filled in from `b`; the marker removes a member. */
export function mergeJsonb(a: unknown, b: unknown): unknown {
  if (a === DO_NOT_MERGE_MARKER) return undefined;
  if (a === undefined || a === null) return b;
  if (isObject(a) && isObject(b)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      out[key] = mergeJsonb(a[key], b[key]);
    }
    return stripNulls(out);
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.map((v, i) => mergeJsonb(v, b[i]) ?? null);
  }
  return a;
}

const ROW_COLUMNS = ['id', 'geometry', 'collection', 'type'];

/**
 * The `content` column PgSTAC's content_slim() stores for an item: the item without the
 * members kept in their own columns, stripped against the base item, tagged with the base
 * item's version when there is one.
 */
export function dehydrateItem(
  item: Record<string, unknown>,
  baseItem: Record<string, unknown>,
  baseItemId: number | null,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...item };
  for (const key of [...ROW_COLUMNS, 'pgstac:base_item']) delete input[key];
  const content = (stripJsonb(input, baseItem) ?? {}) as Record<string, unknown>;
  for (const key of ROW_COLUMNS) delete content[key];
  if (baseItemId !== null) content['pgstac:base_item'] = baseItemId;
  return content;
}

/**
 * An item from PgSTAC's search() run with `nohydrate` (content_nonhydrated: the row's
 * members and content, with the base item under `pgstac:base_item`) made whole, as
 * content_hydrate() would.
 */
export function hydrateItem(row: Record<string, unknown>): Record<string, unknown> {
  const { 'pgstac:base_item': base, ...item } = row;
  return (mergeJsonb(item, isObject(base) ? base : {}) ?? {}) as Record<string, unknown>;
}
