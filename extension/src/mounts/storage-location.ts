/**
 * Where a STAC href keeps its bytes, in the terms a mount takes: an S3 bucket and key (with the
 * server, for S3-compatible stores such as MinIO), or a path on the gateway host's file system.
 * Pure functions: the catalog panel asks them whether "Mount" can work, and the drop asks them
 * which href a mount holds.
 */
import type { StacAssetLike } from '../codegen/index.js';
import type { MountSource } from './types.js';

export type StorageLocation =
  | { kind: 's3'; bucket: string; key: string; endpoint?: string; region?: string }
  | { kind: 'posix'; path: string };

/**
 * One `storage:schemes` entry (STAC Storage extension v2): how an object store is reached. Only
 * the fields used to tell an S3 URL from any other web address are read.
 */
export interface StorageScheme {
  type?: string;
  platform?: string;
  region?: string;
  bucket?: string;
}

/** The object stores an item or collection declares (`storage:schemes`, Storage extension v2). */
export function storageSchemes(...documents: Array<{ [field: string]: unknown } | undefined>) {
  const schemes: StorageScheme[] = [];
  for (const document of documents) {
    const declared = document?.['storage:schemes'];
    if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
      for (const scheme of Object.values(declared)) {
        if (scheme && typeof scheme === 'object') schemes.push(scheme as StorageScheme);
      }
    }
  }
  return schemes;
}

/** S3 bucket names as S3 allows them, and as the gateway checks them. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const AWS_VIRTUAL_HOST =
  /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/;
const AWS_PATH_HOST = /^s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/;

/**
 * The location of an href, or `null` when no mount can hold it (a web page, a relative href
 * without a base, a bucket name S3 refuses). http(s) URLs count as S3 when they are AWS S3
 * addresses, or when a `custom-s3` storage scheme names their server (path-style, as MinIO
 * serves them: `<server>/<bucket>/<key>`).
 */
export function storageLocation(
  href: string,
  schemes: readonly StorageScheme[] = [],
): StorageLocation | null {
  if (/^s3:\/\//i.test(href)) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(href);
    if (!match || !BUCKET.test(match[1]!)) return null;
    const custom = schemes.find((s) => s.type === 'custom-s3' && s.platform);
    const endpoint = custom ? serverOf(custom.platform!) : undefined;
    const region = (custom ?? schemes.find((s) => s.type === 'aws-s3'))?.region;
    return {
      kind: 's3',
      bucket: match[1]!,
      key: safeDecode(match[2]!),
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
    };
  }
  if (/^file:/i.test(href)) {
    try {
      return posix(decodeURIComponent(new URL(href).pathname));
    } catch {
      return null;
    }
  }
  if (href.startsWith('/')) return posix(href);
  if (!/^https?:\/\//i.test(href)) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const path = safeDecode(url.pathname.replace(/^\//, ''));
  const virtual = AWS_VIRTUAL_HOST.exec(url.hostname);
  if (virtual) return s3(virtual[1]!, path, undefined, regionOf(virtual[2]));
  const awsPath = AWS_PATH_HOST.exec(url.hostname);
  if (awsPath) return pathStyle(path, undefined, regionOf(awsPath[1]));
  for (const scheme of schemes) {
    if (scheme.type !== 'custom-s3' || !scheme.platform) continue;
    const server = serverOf(scheme.platform);
    if (server && server === url.origin) return pathStyle(path, server, scheme.region);
  }
  return null;
}

/** The location of an asset: its own href, else an alternate href (Alternate Assets extension). */
export function assetLocation(
  asset: StacAssetLike,
  schemes: readonly StorageScheme[] = [],
): StorageLocation | null {
  const own = storageLocation(asset.href, schemes);
  if (own) return own;
  const alternates = asset.alternate;
  if (alternates && typeof alternates === 'object') {
    for (const alternate of Object.values(alternates)) {
      const href = (alternate as { href?: unknown } | null)?.href;
      const location = typeof href === 'string' ? storageLocation(href, schemes) : null;
      if (location) return location;
    }
  }
  return null;
}

/**
 * The deepest folder holding every location, or `null` when they are in different stores (two
 * buckets, S3 and a file system) or share only the file system's root.
 */
export function commonFolder(locations: readonly StorageLocation[]): StorageLocation | null {
  const [first, ...rest] = locations;
  if (!first) return null;
  const sameStore = rest.every((l) =>
    first.kind === 'posix'
      ? l.kind === 'posix'
      : l.kind === 's3' && l.bucket === first.bucket && l.endpoint === first.endpoint,
  );
  if (!sameStore) return null;
  const segments = (l: StorageLocation) =>
    (l.kind === 's3' ? l.key : l.path).split('/').filter((part) => part !== '');
  // Each location names a file: its folder is everything but the last segment.
  let common = segments(first).slice(0, -1);
  for (const location of rest) {
    const folder = segments(location).slice(0, -1);
    let length = 0;
    while (length < common.length && common[length] === folder[length]) length++;
    common = common.slice(0, length);
  }
  if (first.kind === 'posix') {
    return common.length === 0 ? null : { kind: 'posix', path: `/${common.join('/')}` };
  }
  return { ...first, key: common.join('/') };
}

/** The mount source of a folder. */
export function mountSourceOf(folder: StorageLocation): MountSource {
  if (folder.kind === 'posix') return { kind: 'posix', path: folder.path };
  return {
    kind: 's3',
    url: `s3://${folder.bucket}${folder.key ? `/${folder.key.replace(/\/+$/, '')}` : ''}`,
    ...(folder.endpoint ? { endpoint: folder.endpoint } : {}),
    ...(folder.region ? { region: folder.region } : {}),
  };
}

/**
 * The href prefixes whose files a mount of `source` holds, each ending with '/': the forms a
 * catalog may write for them (`s3://`, the server's path-style URL, AWS's https addresses;
 * a path and its `file://` URL).
 */
export function hrefPrefixes(source: MountSource): string[] {
  if (source.kind === 'posix') {
    const path = source.path.replace(/\/+$/, '');
    return [`${path}/`, `file://${path}/`];
  }
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(source.url);
  if (!match) return [];
  const bucket = match[1]!;
  const key = match[2]!.replace(/\/+$/, '');
  const tail = key ? `${key}/` : '';
  const prefixes = [`s3://${bucket}/${tail}`];
  if (source.endpoint) {
    prefixes.push(`${source.endpoint.replace(/\/+$/, '')}/${bucket}/${tail}`);
  } else {
    prefixes.push(`https://${bucket}.s3.amazonaws.com/${tail}`);
    if (source.region) prefixes.push(`https://${bucket}.s3.${source.region}.amazonaws.com/${tail}`);
  }
  return prefixes;
}

function posix(path: string): StorageLocation | null {
  return path.startsWith('/') ? { kind: 'posix', path } : null;
}

function s3(
  bucket: string,
  key: string,
  endpoint: string | undefined,
  region: string | undefined,
): StorageLocation | null {
  if (!BUCKET.test(bucket)) return null;
  return {
    kind: 's3',
    bucket,
    key,
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
  };
}

function pathStyle(
  path: string,
  endpoint: string | undefined,
  region: string | undefined,
): StorageLocation | null {
  const slash = path.indexOf('/');
  if (slash <= 0) return null;
  return s3(path.slice(0, slash), path.slice(slash + 1), endpoint, region);
}

/** `https://minio.example:9000/...` → `https://minio.example:9000`; a templated host is no server. */
function serverOf(platform: string): string | undefined {
  if (platform.includes('{')) return undefined;
  try {
    const url = new URL(platform);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function regionOf(part: string | undefined): string | undefined {
  return part && part !== 'external-1' && /^[a-z]{2}-[a-z]+-\d$/.test(part) ? part : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
