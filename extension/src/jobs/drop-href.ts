import type { DropTarget } from '../codegen/index.js';

/** The href a dropped catalog object gives a file input: an asset's, or an item's data asset. */
export function hrefOfDrop(target: DropTarget): string | undefined {
  if (target.kind === 'asset') return target.item.assets?.[target.assetKey]?.href;
  if (target.kind === 'item') {
    const assets = Object.values(target.item.assets ?? {});
    return (assets.find((a) => a.roles?.includes('data')) ?? assets[0])?.href;
  }
  return undefined;
}

/**
 * The catalog item a dropped asset belongs to (its `self` link): sent with the input as
 * `styx:item`, so that the job's results are placed where its inputs are (footprint, time).
 */
export function itemOfDrop(target: DropTarget): string | undefined {
  if (target.kind !== 'asset' && target.kind !== 'item') return undefined;
  return target.item.links?.find((l) => l.rel === 'self')?.href;
}
