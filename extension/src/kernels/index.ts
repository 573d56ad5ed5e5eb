/** Where each kernel runs (the kernels gateway's provisioners), shown beside the kernel's name. */

export {
  type KernelPlacement,
  type KernelSpecLike,
  kernelPlacement,
  type Provisioner,
  placementSentence,
  shortPlacement,
} from './kernel-placement.js';
export { KernelPlacementItem } from './kernel-placement-item.js';
