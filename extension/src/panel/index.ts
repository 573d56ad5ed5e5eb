/**
 * The catalog side panel: collections, the item search form, the results and the selected
 * item, all rendered from the catalog model, with every row draggable into notebooks.
 */
export { CatalogPanel } from './catalog-panel.js';
export { beyondDragThreshold, DRAG_THRESHOLD, type StartDrag } from './drag-source.js';
export {
  DROP_SOURCE_CLASS,
  type DropSourceLookup,
  dropSourceAttributes,
  targetFromDataset,
} from './drop-source.js';
