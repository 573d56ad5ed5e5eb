/**
 * Which image of an item the map draws over its footprint when it is selected: a quick look
 * the browser can decode (PNG or JPEG), by STAC asset role, the smallest kind first.
 */

import type { Bbox, StacItem } from '../catalog/types.js';
import type { StacAssetLike } from '../codegen/index.js';
import { itemBounds } from './footprints.js';

export interface PreviewImage {
  /** Absolute http(s) URL of the image. */
  href: string;
  /** Where to draw it: the footprint's bounds. */
  bounds: Bbox;
  /** The asset's key in `item.assets`. */
  asset: string;
}

/** Asset roles in order of preference (STAC best practices §Asset roles). */
const PREVIEW_ROLES = ['thumbnail', 'overview', 'visual'] as const;

/** The item's preview image, or null when it has no drawable one or no footprint. */
export function previewImage(item: StacItem): PreviewImage | null {
  const bounds = itemBounds(item);
  if (!bounds) return null;
  const base = item.links?.find((link) => link.rel === 'self')?.href;
  const entries = Object.entries(item.assets ?? {});
  for (const role of PREVIEW_ROLES) {
    for (const [key, asset] of entries) {
      if (!asset?.roles?.includes(role) || !isBrowserImage(asset)) continue;
      const href = absoluteHttpUrl(asset.href, base);
      if (href) return { href, bounds, asset: key };
    }
  }
  return null;
}

/** PNG or JPEG by media type, or by file extension when the type is missing. */
function isBrowserImage(asset: StacAssetLike): boolean {
  if (asset.type) {
    const type = asset.type.split(';')[0]!.trim().toLowerCase();
    return type === 'image/png' || type === 'image/jpeg';
  }
  return /\.(png|jpe?g)(\?|#|$)/i.test(asset.href ?? '');
}

/** Relative hrefs resolve against the item's own URL (STAC Item spec §Relative links). */
function absoluteHttpUrl(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
