import type { StacItem } from '../catalog/stac-types.js';

/**
 * How a federated page is shared out and put in order. Pure functions: the orchestrator
 * (federated-search.ts) does the I/O.
 */

/**
 * Shares a page's limit among the providers still to be asked, in their configured order:
 * every provider its equal part, the remainder to the first ones. The parts add up to the
 * limit, so a page never holds more than was asked; a provider whose part is 0 (more
 * providers than the limit) waits, keeping its place, until the ones before it are done.
 */
export function shareLimit(limit: number, providerIds: string[]): Map<string, number> {
  const n = providerIds.length;
  const base = Math.floor(limit / n);
  const extra = limit % n;
  return new Map(providerIds.map((id, i) => [id, base + (i < extra ? 1 : 0)]));
}

export interface SortTerm {
  field: string;
  direction: 'asc' | 'desc';
}

/** The order of a federated page with no sortby: PgSTAC's own default, newest first. */
export const DEFAULT_ORDER: SortTerm[] = [{ field: 'datetime', direction: 'desc' }];

export interface SourcedItem {
  item: StacItem;
  /** The provider's place in the configured order (local is 0). */
  provider: number;
}

/** An item's value for a sort field: top-level members (id, collection) or a property. */
function fieldValue(item: StacItem, field: string): unknown {
  const name = field.replace(/^properties\./, '');
  if (name === 'id' || name === 'collection') return item[name];
  const p = item.properties ?? {};
  if (name === 'datetime') return p.datetime ?? p.start_datetime;
  return p[name];
}

function compareValues(a: unknown, b: unknown): number {
  const missing = (v: unknown) => v === undefined || v === null;
  if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders one page's items from all providers: by the search's sortby (or newest first), then
 * the provider's configured place, then item id, so the same answers always give the same
 * page. Missing values sort last whatever the direction. Each provider already returned its
 * page in this order, so the merge interleaves them; it is the order within a page: a global
 * order across pages would need every provider's look-ahead, which no provider offers.
 */
export function mergeItems(pages: SourcedItem[][], sortby: SortTerm[] | undefined): StacItem[] {
  const terms = sortby && sortby.length > 0 ? sortby : DEFAULT_ORDER;
  const all = pages.flat();
  all.sort((a, b) => {
    for (const t of terms) {
      const c = compareValues(fieldValue(a.item, t.field), fieldValue(b.item, t.field));
      const missing = fieldValue(a.item, t.field) == null || fieldValue(b.item, t.field) == null;
      if (c !== 0) return t.direction === 'desc' && !missing ? -c : c;
    }
    if (a.provider !== b.provider) return a.provider - b.provider;
    return compareValues(a.item.id, b.item.id);
  });
  return all.map((s) => s.item);
}
