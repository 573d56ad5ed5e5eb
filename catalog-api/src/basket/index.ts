/**
 * Users' baskets of items and assets to download: the store (a `styx` table beside PgSTAC),
 * what entries stand for (sizes, checksums), the streamed zip and the download scripts.
 */
export { AssetAccess, AssetUnavailableError, type LocalAssetRoot } from './asset-access.js';
export { AssetSizeCache } from './asset-sizes.js';
export { type BasketContents, resolveBasket, safeSegment } from './basket-contents.js';
export { type BasketEntry, type BasketOwner, BasketStore } from './basket-store.js';
export { basketZip, MANIFEST_NAME, SUMS_NAME } from './basket-zip.js';
export { type ChecksumAlgorithm, parseMultihash, sha256Multihash } from './checksum.js';
export {
  buildPythonScript,
  buildShellScript,
  type ScriptFile,
  scriptFiles,
} from './download-scripts.js';
