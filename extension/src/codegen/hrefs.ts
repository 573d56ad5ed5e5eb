/**
 * Where an asset lives decides how a reader is called: local paths stay paths, http(s) and
 * s3:// stay URLs, and readers that reach S3 through fsspec get `storage_options`.
 */

export type HrefKind = 'local' | 'http' | 's3' | 'other';

/** `C:\…` is a Windows drive, not a URL scheme. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

export function hrefKind(href: string): HrefKind {
  if (/^https?:\/\//i.test(href)) return 'http';
  if (/^s3:\/\//i.test(href)) return 's3';
  if (/^file:/i.test(href)) return 'local';
  if (URL_SCHEME.test(href)) return 'other';
  return 'local';
}

/**
 * The href as a reader should receive it. Absolute hrefs come back exactly as given, except that
 * a `file:` URL becomes its path (GDAL and netCDF do not read `file:` URLs). A relative href is
 * resolved against the document it came from (STAC allows relative asset hrefs), because the
 * notebook's working directory is unrelated to the catalog.
 */
export function resolveHref(href: string, base?: string): string {
  if (/^file:/i.test(href)) return fileUrlToPath(href);
  if (hrefKind(href) !== 'local' || href.startsWith('/') || base === undefined) return href;
  if (/^(https?|s3):\/\//i.test(base)) {
    try {
      return new URL(href, base).href;
    } catch {
      return href;
    }
  }
  const basePath = /^file:/i.test(base) ? fileUrlToPath(base) : base;
  if (!basePath.startsWith('/')) return href;
  return normalisePosix(`${basePath.slice(0, basePath.lastIndexOf('/') + 1)}${href}`);
}

function fileUrlToPath(href: string): string {
  try {
    return decodeURIComponent(new URL(href).pathname);
  } catch {
    return href.replace(/^file:(\/\/)?/i, '');
  }
}

function normalisePosix(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
