/**
 * The Fields extension's include/exclude semantics, resolved here before PgSTAC applies them
 * (stac-api-extensions/fields §Include/Exclude Semantics, as the STAC API validator checks it):
 * - an empty `fields`, or an empty/null `include`, gives the default set, a valid STAC Item;
 * - `include` lists what to return, always with the few members that identify an item;
 * - `exclude` with no `include` at all subtracts from the whole item; with an empty
 *   `include`, from the default set;
 * - a field both included and excluded is included, and so is a nested field whose parent is
 *   excluded (`-properties,+properties.wse` returns just that property).
 */
export interface Fields {
  /** undefined: not given; null or []: given empty (the default set). */
  include?: string[] | null;
  exclude?: string[] | null;
}

/** Always returned: what a client needs to know which item it holds. */
const IDENTITY = ['id', 'type', 'stac_version', 'collection'];

const DEFAULT_SET = [
  ...IDENTITY,
  'stac_extensions',
  'geometry',
  'bbox',
  'links',
  'assets',
  'properties.datetime',
];

const isParentOf = (parent: string, child: string) => child.startsWith(`${parent}.`);

export function effectiveFields(fields: Fields): { include: string[]; exclude: string[] } {
  const requested = fields.include ?? [];
  const exclude = (fields.exclude ?? []).filter(
    (field) => !requested.some((inc) => inc === field || isParentOf(field, inc)),
  );
  if (requested.length > 0) return { include: [...new Set([...IDENTITY, ...requested])], exclude };
  if (fields.include === undefined && exclude.length > 0) return { include: [], exclude };
  return { include: DEFAULT_SET, exclude };
}

/** Whether the API should add links to items returned with these (effective) fields. */
export function wantsLinks(fields: { include: string[]; exclude: string[] } | undefined): boolean {
  if (!fields || fields.exclude.includes('links')) return !fields;
  return fields.include.length === 0 || fields.include.includes('links');
}
