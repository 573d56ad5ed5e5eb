import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

/** A URL prefix whose files the catalog itself serves from a folder (the demo's asset files). */
export interface LocalAssetRoot {
  /** Absolute URL ending with '/', e.g. `<public URL>files/demo/`. */
  urlPrefix: string;
  dir: string;
}

/** Why an asset cannot be fetched by the catalog, in words for the user. */
export class AssetUnavailableError extends Error {}

/**
 * How the catalog reads an asset's bytes and size: the files it serves itself straight from
 * disk (the public URL may not resolve from inside the server, and the disk is faster), any
 * other http(s) href over HTTP. Other schemes (s3://, relative paths) are not fetched here.
 */
export class AssetAccess {
  private readonly roots: LocalAssetRoot[];
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: AssetAccess.IOptions) {
    this.roots = options.localRoots.map((r) => ({ urlPrefix: r.urlPrefix, dir: resolve(r.dir) }));
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Undefined when the catalog can download this href; otherwise the reason it cannot. */
  unsupportedReason(href: string): string | undefined {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return 'its href is not an absolute URL';
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
    return `its href is a ${url.protocol.replace(/:$/, '')}:// URL, which the catalog does not fetch; use a client for that storage`;
  }

  /** The local file behind an href the catalog serves itself, or undefined. */
  localPath(href: string): string | undefined {
    const root = this.roots.find((r) => href.startsWith(r.urlPrefix));
    if (!root) return undefined;
    const rest = href.slice(root.urlPrefix.length).replace(/[?#].*$/, '');
    let segments: string[];
    try {
      segments = rest.split('/').map(decodeURIComponent);
    } catch {
      return undefined;
    }
    // As the static route refuses them: no dotfiles, no '..', nothing outside the root.
    if (segments.some((s) => s === '' || s.startsWith('.') || s.includes(sep))) return undefined;
    const path = resolve(root.dir, ...segments);
    return path.startsWith(root.dir + sep) ? path : undefined;
  }

  /** The size in bytes from the file or an HTTP HEAD's Content-Length; null when unknown. */
  async probeSize(href: string): Promise<number | null> {
    const local = this.localPath(href);
    if (local) {
      const info = await stat(local).catch(() => undefined);
      return info?.isFile() ? info.size : null;
    }
    if (this.unsupportedReason(href)) return null;
    try {
      const response = await this.fetchFn(href, {
        method: 'HEAD',
        redirect: 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const length = response.headers.get('content-length');
      if (!response.ok || length === null || !/^\d+$/.test(length)) return null;
      return Number(length);
    } catch {
      return null;
    }
  }

  /** The asset's bytes as a stream, opened only now (a zip opens its entries one by one). */
  async open(href: string): Promise<Readable> {
    const local = this.localPath(href);
    if (local) {
      const info = await stat(local).catch(() => undefined);
      if (!info?.isFile()) throw new AssetUnavailableError(`${href} is not there any more`);
      return createReadStream(local);
    }
    const reason = this.unsupportedReason(href);
    if (reason) throw new AssetUnavailableError(reason);
    // The timeout is for the answer to start; the body of a big file may take far longer.
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(href, { redirect: 'follow', signal: waiting.signal });
    } catch (error) {
      throw new AssetUnavailableError(`${href} does not answer (${(error as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new AssetUnavailableError(`${href} answered ${response.status}`);
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }
}

export namespace AssetAccess {
  export interface IOptions {
    localRoots: LocalAssetRoot[];
    /** The network seam, for HEAD and GET of remote assets. */
    fetch?: typeof fetch;
    /** Per request, until the response headers (default 10 s). */
    timeoutMs?: number;
  }
}
