import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import type { StacItem } from '../catalog/stac-types.js';
import type { BasketAsset, MissingEntry } from '../schemas/basket.js';
import type { AssetAccess } from './asset-access.js';
import type { AssetSizeCache } from './asset-sizes.js';
import type { BasketEntry } from './basket-store.js';
import { parseMultihash } from './checksum.js';

export interface BasketContents {
  assets: BasketAsset[];
  missing: MissingEntry[];
}

interface StacAsset {
  href?: unknown;
  title?: unknown;
  type?: unknown;
  'file:size'?: unknown;
  'file:checksum'?: unknown;
}

/** Ids per PgSTAC search when the basket's items are looked up. */
const IDS_PER_SEARCH = 500;

/**
 * The basket's items, by `[collection, item]`, with one PgSTAC search per collection (and 500
 * ids) instead of one read per item: a basket of hundreds of items lists as fast as a few.
 */
async function itemsOf(
  wanted: ReadonlyArray<{ collection: string; item: string }>,
  catalog: PgstacCatalog,
): Promise<Map<string, StacItem>> {
  const byCollection = new Map<string, string[]>();
  for (const { collection, item } of wanted) {
    byCollection.set(collection, [...(byCollection.get(collection) ?? []), item]);
  }
  const found = new Map<string, StacItem>();
  for (const [collection, ids] of byCollection) {
    for (let at = 0; at < ids.length; at += IDS_PER_SEARCH) {
      const chunk = ids.slice(at, at + IDS_PER_SEARCH);
      const page = await catalog.search({
        collections: [collection],
        ids: chunk,
        limit: chunk.length,
      });
      for (const feature of page.features) {
        found.set(JSON.stringify([collection, feature.id]), feature);
      }
    }
  }
  return found;
}

/** HEAD probes at once, at most: a basket of remote assets must not flood their servers. */
const PROBE_CONCURRENCY = 8;

/**
 * What a basket's entries stand for now: each entry's assets as the catalog has them (a whole
 * item is all its assets at the time of reading), with the size and checksum a user sees before
 * downloading, and the entries whose item or asset has gone.
 */
export async function resolveBasket(
  entries: readonly BasketEntry[],
  catalog: PgstacCatalog,
  access: AssetAccess,
  sizes: AssetSizeCache,
): Promise<BasketContents> {
  const byItem = new Map<string, { collection: string; item: string; keys: Set<string> | null }>();
  for (const entry of entries) {
    const id = JSON.stringify([entry.collection, entry.item]);
    const known = byItem.get(id) ?? {
      collection: entry.collection,
      item: entry.item,
      keys: new Set(),
    };
    if (entry.asset === null) known.keys = null;
    else known.keys?.add(entry.asset);
    byItem.set(id, known);
  }
  const found = await itemsOf([...byItem.values()], catalog);
  const assets: BasketAsset[] = [];
  const missing: MissingEntry[] = [];
  for (const { collection, item, keys } of byItem.values()) {
    const stac = found.get(JSON.stringify([collection, item]));
    if (!stac) {
      missing.push({
        collection,
        item,
        asset: null,
        reason: `item '${item}' does not exist in collection '${collection}' any more`,
      });
      continue;
    }
    const itemAssets = (stac.assets ?? {}) as Record<string, StacAsset>;
    const wanted = keys === null ? Object.keys(itemAssets) : [...keys];
    const taken = new Set<string>();
    for (const key of wanted) {
      const asset = itemAssets[key];
      if (!asset || typeof asset.href !== 'string') {
        missing.push({
          collection,
          item,
          asset: key,
          reason: `item '${item}' has no asset '${key}' any more`,
        });
        continue;
      }
      assets.push(describeAsset(collection, item, key, asset, asset.href, taken, access));
    }
  }
  await fillSizes(assets, sizes);
  return { assets, missing };
}

function describeAsset(
  collection: string,
  item: string,
  key: string,
  asset: StacAsset,
  href: string,
  taken: Set<string>,
  access: AssetAccess,
): BasketAsset {
  const declaredSize = asset['file:size'];
  const checksum = typeof asset['file:checksum'] === 'string' ? asset['file:checksum'] : null;
  const reason = access.unsupportedReason(href);
  const size = Number.isSafeInteger(declaredSize) && (declaredSize as number) >= 0;
  return {
    collection,
    item,
    asset: key,
    href,
    ...(typeof asset.title === 'string' ? { title: asset.title } : {}),
    ...(typeof asset.type === 'string' ? { type: asset.type } : {}),
    path: `${safeSegment(collection)}/${safeSegment(item)}/${fileNameFor(key, href, taken)}`,
    size: size ? (declaredSize as number) : null,
    sizeSource: size ? 'file:size' : null,
    checksum,
    checksumAlgorithm: checksum ? (parseMultihash(checksum)?.algorithm ?? null) : null,
    downloadable: reason === undefined,
    ...(reason ? { reason } : {}),
  };
}

/** Sizes the items do not declare, by HEAD on the href (cached), a few at a time. */
async function fillSizes(assets: BasketAsset[], sizes: AssetSizeCache): Promise<void> {
  const unknown = assets.filter((a) => a.size === null && a.downloadable);
  let next = 0;
  const worker = async () => {
    while (next < unknown.length) {
      const asset = unknown[next++]!;
      const size = await sizes.sizeOf(asset.href);
      if (size !== null) {
        asset.size = size;
        asset.sizeSource = 'content-length';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, unknown.length) }, worker));
}

/**
 * A path segment that is safe on every file system and in a shell word: ids and file names keep
 * letters, digits, '.', '-' and '_'; anything else becomes '_', and a leading '.' too (no hidden
 * files, no '..').
 */
export function safeSegment(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
  return safe === '' ? '_' : safe.slice(0, 200);
}

/** The file name in the href's path; the asset key when it has none or another asset took it. */
function fileNameFor(key: string, href: string, taken: Set<string>): string {
  let name = '';
  try {
    const last = new URL(href).pathname.split('/').pop() ?? '';
    name = decodeURIComponent(last);
  } catch {
    name = href.split(/[/\\]/).pop() ?? '';
  }
  let file = name ? safeSegment(name) : safeSegment(key);
  if (taken.has(file)) file = safeSegment(`${key}-${file}`);
  for (let n = 2; taken.has(file); n++) file = safeSegment(`${key}-${n}-${name || key}`);
  taken.add(file);
  return file;
}
