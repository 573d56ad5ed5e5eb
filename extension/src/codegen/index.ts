/**
 * Code generation for drag-and-drop from the catalog panel into a notebook: one Python cell per
 * dropped item, asset, collection or search. Pure functions, no JupyterLab imports, so the
 * extension and the tests call the same code.
 */

import { generateAssetCode } from './asset.js';
import { generateCollectionCode } from './collection.js';
import { generateItemCode } from './item.js';
import { generateSearchCode } from './search.js';
import type { DropTarget, GeneratedCode, GenerateOptions } from './types.js';

export { classifyAsset, type MediaKind, mediaKindLabel } from './media-types.js';
export { pyComment, pyIdentifier, pyLiteral, pyStr } from './python.js';
export type {
  DropTarget,
  GeneratedCode,
  GenerateOptions,
  MountedFiles,
  SearchLike,
  StacAssetLike,
  StacCollectionLike,
  StacItemLike,
  StacLinkLike,
} from './types.js';

export function generateCode(target: DropTarget, options?: GenerateOptions): GeneratedCode {
  switch (target.kind) {
    case 'item':
      return generateItemCode(target.catalogUrl, target.item, options);
    case 'asset': {
      const assets = target.item.assets ?? {};
      // hasOwn: a key such as `constructor` must not find Object.prototype members.
      const asset = Object.hasOwn(assets, target.assetKey) ? assets[target.assetKey] : undefined;
      if (asset === undefined) {
        throw new Error(`Item ${target.item.id} has no asset ${target.assetKey}`);
      }
      return generateAssetCode({ key: target.assetKey, asset, item: target.item }, options);
    }
    case 'collection':
      return generateCollectionCode(target.catalogUrl, target.collection, options);
    case 'search':
      return generateSearchCode(target.catalogUrl, target.search, options);
  }
}
