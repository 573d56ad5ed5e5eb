/**
 * Which STAC item is which. An item id is unique only within its collection (STAC Item
 * spec §id), so the panel, the map and the context menu compare both.
 */
import type { StacItemLike } from '../codegen/index.js';

export function isSameItem(a: StacItemLike | null, b: StacItemLike | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return a.id === b.id && a.collection === b.collection;
}

/** The index of the item with this id (and collection, when given), or -1. */
export function indexOfItem(
  items: readonly StacItemLike[],
  id: string,
  collection: string | undefined,
): number {
  return items.findIndex(
    (item) => item.id === id && (collection === undefined || item.collection === collection),
  );
}
