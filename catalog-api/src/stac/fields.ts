/**
 * The Fields extension's include/exclude semantics, resolved here before PgSTAC applies them
 * (stac-api-extensions/fields §Include/Exclude Semantics, as the STAC API validator checks it):
 * - an empty `fields` gives the default set, a valid STAC Item;
 * - `include` lists what to return, always with the few members that identify an item;
 * - `exclude` alone subtracts from the default set;
 * - a field both included and excluded is included, and so is a nested field whose parent is
 *   excluded (`-properties,+properties.wse` returns just that property).
 */
export interface Fields {
  include?: string[];
  exclude?: string[];
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
  const include = requested.length > 0 ? [...new Set([...IDENTITY, ...requested])] : DEFAULT_SET;
  const exclude = (fields.exclude ?? []).filter(
    (field) => !requested.some((inc) => inc === field || isParentOf(field, inc)),
  );
  return { include, exclude };
}

/** Whether the API should add links to items returned with these (effective) fields. */
export function wantsLinks(fields: { include: string[]; exclude: string[] } | undefined): boolean {
  return !fields || (fields.include.includes('links') && !fields.exclude.includes('links'));
}
