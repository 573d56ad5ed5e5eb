/**
 * Dataset mounts on the kernels gateway: the client, the model, the mounts view, and the pure
 * mapping from catalog objects to mount requests and from mounts to the hrefs they hold.
 */
export { describeSource } from './describe-source.js';
export { generateOptionsFor } from './generate-options.js';
export {
  collectionMountPlan,
  collectionProvenance,
  isMountName,
  itemMountPlan,
  itemProvenance,
  type MountPlan,
  mountedFiles,
  mountName,
  mountOfCollection,
  mountOfItem,
  mountsForTarget,
  sameSource,
  searchMountPlan,
} from './mount-plan.js';
export { MountsClient, MountsRequestError } from './mounts-client.js';
export { MountsModel } from './mounts-model.js';
export { MountsPanel, type OpenPath } from './mounts-panel.js';
export { assetLocation, commonFolder, hrefPrefixes, storageLocation } from './storage-location.js';
export { IMountsModel } from './tokens.js';
export type * from './types.js';
export { MOUNT_NAME_PATTERN, MOUNTS_DIR } from './types.js';
