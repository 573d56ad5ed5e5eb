/**
 * What the panel's draggable rows carry in the DOM, so a context-menu command opened on one of
 * them ("Insert into notebook", "Copy code", "Run in kernel") finds the same item, asset,
 * collection or search the row would drop. Rows hold ids, not objects: the objects stay in
 * the model, and the lookup reads them from there.
 */
import type { ICatalogModel } from '../catalog/index.js';
import { indexOfItem } from '../catalog/item-identity.js';
import type { DropTarget, StacItemLike } from '../codegen/index.js';

/** The class of every element that can be dragged out of the panel. */
export const DROP_SOURCE_CLASS = 'styx-DropSource';

export type DropSourceAttributes = { [attribute: `data-${string}`]: string };

/** The data attributes of an element that drags `target` (spread onto the element). */
export function dropSourceAttributes(target: DropTarget): DropSourceAttributes {
  const attributes: DropSourceAttributes = { 'data-styx-drop': target.kind };
  switch (target.kind) {
    case 'item':
    case 'asset':
      attributes['data-item-id'] = target.item.id;
      if (target.item.collection !== undefined) {
        attributes['data-collection-id'] = target.item.collection;
      }
      if (target.kind === 'asset') {
        attributes['data-asset-key'] = target.assetKey;
      }
      break;
    case 'collection':
      attributes['data-collection-id'] = target.collection.id;
      break;
    case 'search':
      break;
  }
  return attributes;
}

/** The parts of the model a drop source is looked up in. */
export type DropSourceLookup = Pick<
  ICatalogModel,
  'catalogUrl' | 'collections' | 'results' | 'selected' | 'searchRequest'
>;

/**
 * The target of an element's data attributes (its `dataset`), or `null` when the model no
 * longer holds it, or when the search form has a mistake (the search cannot be built).
 */
export function targetFromDataset(
  dataset: Readonly<Record<string, string | undefined>>,
  model: DropSourceLookup,
): DropTarget | null {
  const catalogUrl = model.catalogUrl;
  const { itemId, collectionId, assetKey } = dataset;
  switch (dataset.styxDrop) {
    case 'item': {
      const item = itemId === undefined ? null : findItem(model, itemId, collectionId);
      return item ? { kind: 'item', catalogUrl, item } : null;
    }
    case 'asset': {
      const item = itemId === undefined ? null : findItem(model, itemId, collectionId);
      if (!item || assetKey === undefined || !Object.hasOwn(item.assets ?? {}, assetKey)) {
        return null;
      }
      return { kind: 'asset', catalogUrl, item, assetKey };
    }
    case 'collection': {
      const collection = model.collections.items.find((c) => c.id === collectionId);
      return collection ? { kind: 'collection', catalogUrl, collection } : null;
    }
    case 'search':
      try {
        return { kind: 'search', catalogUrl, search: model.searchRequest() };
      } catch {
        return null;
      }
    default:
      return null;
  }
}

/** The item shown in the item view first (its assets may come from nowhere else), then the results. */
function findItem(
  model: DropSourceLookup,
  id: string,
  collection: string | undefined,
): StacItemLike | null {
  const selected = model.selected;
  if (selected && indexOfItem([selected], id, collection) === 0) {
    return selected;
  }
  return model.results.items[indexOfItem(model.results.items, id, collection)] ?? null;
}
