/**
 * What "Mount" in the catalog panel asks the gateway for: from an item, a collection or a search
 * to a mount request (name, source folder, provenance), or the reason it cannot be mounted, in
 * words for the button's tooltip. Pure functions, unit-tested.
 */
import type {
  DropTarget,
  MountedFiles,
  SearchLike,
  StacAssetLike,
  StacCollectionLike,
  StacItemLike,
} from '../codegen/index.js';
import { isAncillaryAsset } from '../codegen/media-types.js';
import {
  assetLocation,
  commonFolder,
  hrefPrefixes,
  mountSourceOf,
  type StorageLocation,
  type StorageScheme,
  storageSchemes,
} from './storage-location.js';
import {
  MOUNT_NAME_PATTERN,
  type Mount,
  type MountRequest,
  type MountSource,
  type StacProvenance,
} from './types.js';

export type MountPlan = { ok: true; request: MountRequest } | { ok: false; reason: string };

const MAX_NAME = 64;

/**
 * A mount name from a STAC id: the characters the gateway allows (others become '-'),
 * starting with a letter or digit, at most 64 long; `-2`, `-3`… when `taken` holds it.
 */
export function mountName(id: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    id
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .replace(/[.-]+$/, '')
      .slice(0, MAX_NAME) || 'dataset';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

export function isMountName(name: string): boolean {
  return MOUNT_NAME_PATTERN.test(name);
}

function selfLink(document: { links?: Array<{ rel: string; href: string }> }): string | undefined {
  return document.links?.find((link) => link.rel === 'self')?.href;
}

/** The item's own URL (its self link, else its address in the catalog): what a mount records. */
export function itemProvenance(catalogUrl: string, item: StacItemLike): string {
  const self = selfLink(item);
  if (self) return self;
  const collection = item.collection ? `collections/${encodeURIComponent(item.collection)}/` : '';
  return new URL(`${collection}items/${encodeURIComponent(item.id)}`, catalogUrl).href;
}

export function collectionProvenance(catalogUrl: string, collection: StacCollectionLike): string {
  return (
    selfLink(collection) ??
    new URL(`collections/${encodeURIComponent(collection.id)}`, catalogUrl).href
  );
}

/** The collection URL of an item, from its `collection` link or its collection id. */
export function itemCollectionProvenance(
  catalogUrl: string,
  item: StacItemLike,
): string | undefined {
  const link = item.links?.find((l) => l.rel === 'collection')?.href;
  if (link) return new URL(link, selfLink(item) ?? catalogUrl).href;
  return item.collection
    ? new URL(`collections/${encodeURIComponent(item.collection)}`, catalogUrl).href
    : undefined;
}

/**
 * The assets that hold data, with where they are: those with role `data` when any can be
 * located, else every asset that is not a preview or metadata file.
 */
function dataLocations(
  assets: { [key: string]: StacAssetLike } | undefined,
  schemes: readonly StorageScheme[],
): StorageLocation[] {
  const entries = Object.values(assets ?? {});
  const located = (list: StacAssetLike[]) =>
    list
      .map((asset) => assetLocation(asset, schemes))
      .filter((l): l is StorageLocation => l !== null);
  const data = located(entries.filter((asset) => asset.roles?.includes('data')));
  return data.length > 0 ? data : located(entries.filter((asset) => !isAncillaryAsset(asset)));
}

const NOT_IN_STORAGE =
  'its files are not in S3 or on a file system the gateway shares (web URLs cannot be mounted)';

/** The folder holding an item's data files, as a mount of the item. */
export function itemMountPlan(
  catalogUrl: string,
  item: StacItemLike,
  options: { collection?: StacCollectionLike; taken?: ReadonlySet<string> } = {},
): MountPlan {
  const schemes = storageSchemes(item, options.collection);
  const locations = dataLocations(item.assets, schemes);
  if (locations.length === 0)
    return { ok: false, reason: `Cannot mount ${item.id}: ${NOT_IN_STORAGE}.` };
  const folder = commonFolder(locations);
  if (!folder) {
    return {
      ok: false,
      reason: `Cannot mount ${item.id}: its files are in different places, with no common folder.`,
    };
  }
  const stac: StacProvenance = { item: itemProvenance(catalogUrl, item) };
  const collection = itemCollectionProvenance(catalogUrl, item);
  if (collection) stac.collection = collection;
  return {
    ok: true,
    request: { name: mountName(item.id, options.taken), source: mountSourceOf(folder), stac },
  };
}

/**
 * A collection mounts the folder its own data assets share (a collection-level store, such as
 * a Zarr or a folder href), or the bucket of its single S3 storage scheme; a collection that
 * names neither cannot say where its items' files are without listing them all.
 */
export function collectionMountPlan(
  catalogUrl: string,
  collection: StacCollectionLike,
  options: { taken?: ReadonlySet<string> } = {},
): MountPlan {
  const schemes = storageSchemes(collection);
  const stac: StacProvenance = { collection: collectionProvenance(catalogUrl, collection) };
  const name = mountName(collection.id, options.taken);
  const folder = commonFolder(dataLocations(collection.assets, schemes).map(asFileInFolder));
  if (folder) return { ok: true, request: { name, source: mountSourceOf(folder), stac } };
  const buckets = schemes.filter(
    (s) => (s.type === 'aws-s3' || s.type === 'custom-s3') && typeof s.bucket === 'string',
  );
  if (buckets.length === 1) {
    const scheme = buckets[0]!;
    const location = assetLocation(
      { href: `s3://${scheme.bucket}/` },
      schemes.filter((s) => s === scheme),
    );
    if (location?.kind === 's3') {
      return { ok: true, request: { name, source: mountSourceOf({ ...location, key: '' }), stac } };
    }
  }
  return {
    ok: false,
    reason:
      `Cannot mount ${collection.id}: the collection names no common storage folder ` +
      '(no data asset, no storage:schemes bucket); mount one of its items instead.',
  };
}

/**
 * A search mounts the folder that the data of the items it found share. Its provenance is the
 * collection when the search is in one collection only.
 */
export function searchMountPlan(
  catalogUrl: string,
  search: SearchLike,
  items: readonly StacItemLike[],
  options: { taken?: ReadonlySet<string> } = {},
): MountPlan {
  if (items.length === 0) return { ok: false, reason: 'Search first: no items to mount.' };
  const locations = items.flatMap((item) => dataLocations(item.assets, storageSchemes(item)));
  if (locations.length === 0)
    return { ok: false, reason: `Cannot mount the results: ${NOT_IN_STORAGE}.` };
  const folder = commonFolder(locations);
  if (!folder || (folder.kind === 's3' && folder.key === '' && items.length > 1)) {
    return {
      ok: false,
      reason: 'Cannot mount the results: their files share no folder below the bucket or root.',
    };
  }
  const only = search.collections?.length === 1 ? search.collections[0] : undefined;
  const stac: StacProvenance = {};
  if (only) stac.collection = new URL(`collections/${encodeURIComponent(only)}`, catalogUrl).href;
  return {
    ok: true,
    request: {
      name: mountName(only ? `${only}-search` : 'search-results', options.taken),
      source: mountSourceOf(folder),
      ...(only ? { stac } : {}),
    },
  };
}

/**
 * `commonFolder` takes file locations; a location naming a folder (`…/`) stands for a file in
 * it, so its folder is itself.
 */
function asFileInFolder(location: StorageLocation): StorageLocation {
  if (location.kind === 'posix') {
    return location.path.endsWith('/') ? { ...location, path: `${location.path}_` } : location;
  }
  return location.key.endsWith('/') || location.key === ''
    ? { ...location, key: `${location.key}_` }
    : location;
}

/** The mount made from this item, if there is one. */
export function mountOfItem(
  mounts: readonly Mount[],
  catalogUrl: string,
  item: StacItemLike,
): Mount | undefined {
  const url = itemProvenance(catalogUrl, item);
  return mounts.find((m) => m.stac?.item === url);
}

/** The mount made from this collection (not from one of its items), if there is one. */
export function mountOfCollection(
  mounts: readonly Mount[],
  catalogUrl: string,
  collection: StacCollectionLike,
): Mount | undefined {
  const url = collectionProvenance(catalogUrl, collection);
  return mounts.find((m) => m.stac?.collection === url && m.stac.item === undefined);
}

/**
 * The mounts whose files a drop of `target` may read instead of its hrefs: the item's own
 * mount first, then its collection's; for a collection or a search, the collection's.
 */
export function mountsForTarget(target: DropTarget, mounts: readonly Mount[]): Mount[] {
  const collectionMounts = (url: string | undefined) =>
    url === undefined
      ? []
      : mounts.filter((m) => m.stac?.collection === url && m.stac.item === undefined);
  const usable = (list: Mount[]) => list.filter((m) => m.state === 'mounted');
  switch (target.kind) {
    case 'item':
    case 'asset': {
      const own = mounts.filter(
        (m) => m.stac?.item === itemProvenance(target.catalogUrl, target.item),
      );
      const ofCollection = collectionMounts(
        itemCollectionProvenance(target.catalogUrl, target.item),
      );
      return usable([...own, ...ofCollection]);
    }
    case 'collection':
      return usable(collectionMounts(collectionProvenance(target.catalogUrl, target.collection)));
    case 'search':
      return usable(
        (target.search.collections ?? []).flatMap((id) =>
          collectionMounts(
            new URL(`collections/${encodeURIComponent(id)}`, target.catalogUrl).href,
          ),
        ),
      );
  }
}

/** What code generation needs of a mount: its folder in the home and the hrefs it holds. */
export function mountedFiles(mount: Mount): MountedFiles {
  return { name: mount.name, path: mount.path, hrefPrefixes: hrefPrefixes(mount.source) };
}

/** Whether two sources name the same folder (the same path, or bucket, prefix and server). */
export function sameSource(a: MountSource, b: MountSource): boolean {
  if (a.kind === 'posix' || b.kind === 'posix') {
    return (
      a.kind === 'posix' &&
      b.kind === 'posix' &&
      a.path.replace(/\/+$/, '') === b.path.replace(/\/+$/, '')
    );
  }
  return (
    a.url.replace(/\/+$/, '') === b.url.replace(/\/+$/, '') &&
    (a.endpoint ?? '') === (b.endpoint ?? '')
  );
}
