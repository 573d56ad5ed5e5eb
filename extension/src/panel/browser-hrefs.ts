/**
 * STAC hrefs a browser can show or open. STAC allows relative hrefs, resolved against the
 * document's own (self) link; `s3://` and local paths mean nothing to an `<img>` or a link,
 * so they are shown as text instead.
 */
import type { StacAssetLike, StacLinkLike } from '../codegen/index.js';

/** The document's `self` link, the base of its relative hrefs. */
export function selfHref(links: readonly StacLinkLike[] | undefined): string | undefined {
  return links?.find((link) => link.rel === 'self')?.href;
}

/** The absolute http(s) or data URL of an href, or `null` when a browser cannot fetch it. */
export function browserHref(href: string, base: string | undefined): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(href) : new URL(href, base);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'data:'
    ? url.href
    : null;
}

const IMAGE_TYPES = /^image\/(png|jpeg|jpg|gif|webp|svg\+xml|avif)\b/i;

/**
 * A small picture of an item or collection: an asset with the `thumbnail` role (STAC Best
 * Practices §Thumbnails), else one keyed `thumbnail`, else a `preview` link, if it is an image
 * format browsers decode (a GeoTIFF "thumbnail" is not). `null` when there is none.
 */
export function thumbnailHref(stac: {
  assets?: { [key: string]: StacAssetLike };
  links?: StacLinkLike[];
}): string | null {
  const base = selfHref(stac.links);
  const assets = Object.entries(stac.assets ?? {});
  const candidates = [
    ...assets.filter(([, asset]) => asset.roles?.includes('thumbnail')).map(([, asset]) => asset),
    ...assets.filter(([key]) => key === 'thumbnail').map(([, asset]) => asset),
    ...(stac.links ?? []).filter((link) => link.rel === 'preview'),
  ];
  for (const candidate of candidates) {
    if (candidate.type !== undefined && !IMAGE_TYPES.test(candidate.type)) {
      continue;
    }
    const href = browserHref(candidate.href, base);
    if (href !== null) {
      return href;
    }
  }
  return null;
}
