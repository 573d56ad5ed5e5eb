import type { DropTarget, GenerateOptions } from '../codegen/index.js';
import { mountedFiles, mountsForTarget } from './mount-plan.js';
import type { IMountsModel } from './tokens.js';

/** The code options of a drop: the mounts that hold the target's files, when there are any. */
export function generateOptionsFor(
  mounts: IMountsModel | null,
): (target: DropTarget) => GenerateOptions {
  return (target) =>
    mounts ? { mounts: mountsForTarget(target, mounts.mounts).map(mountedFiles) } : {};
}
