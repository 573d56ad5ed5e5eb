export type { RcloneSettings } from './drivers/rclone-driver.js';
export { MountModel, MountRequest } from './mount-request.js';
export {
  type ContainerMount,
  type MountLog,
  MountService,
  type MountServiceOptions,
  type SharedDataDir,
} from './mount-service.js';
export { MOUNT_HELPER } from './privileged/privileged-mounter.js';
