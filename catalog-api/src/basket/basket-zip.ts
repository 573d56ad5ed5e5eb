import { createHash } from 'node:crypto';
import { PassThrough, type Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import type { BasketAsset, MissingEntry } from '../schemas/basket.js';

export const MANIFEST_NAME = 'manifest.json';
export const SUMS_NAME = 'SHA256SUMS';

export interface BasketZip {
  stream: Readable;
  /** The zip's exact length when every entry's size is known in advance; else undefined. */
  size: number | undefined;
}

export interface ZipContext {
  owner: string;
  catalogUrl: string;
  generatedAt: string;
}

/**
 * A zip of the basket, streamed: each asset is opened only when its turn comes and flows
 * through to the response (never held whole in memory), stored as it is (data files are
 * mostly compressed already, and stored entries of known size give the zip an exact length, so
 * that a browser shows real progress). First `manifest.json` (every asset with its href, size
 * and where that size came from, and the catalog's checksum), then the assets under
 * `<collection>/<item>/<file>`, last `SHA256SUMS` of the bytes actually sent, in the format
 * `sha256sum -c` reads.
 */
export function basketZip(
  assets: readonly BasketAsset[],
  missing: readonly MissingEntry[],
  open: (href: string) => Promise<Readable>,
  context: ZipContext,
): BasketZip {
  const included = assets.filter((a) => a.downloadable);
  const zip = new yazl.ZipFile();
  // yazl reports a failed entry (an asset that cannot be read, a size that does not match) on
  // the ZipFile itself: end the response with it, so the client sees a broken download, not a
  // truncated zip that looks whole (and the process does not die of an unhandled 'error').
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error));
  const mtime = new Date(context.generatedAt);
  const manifest = Buffer.from(
    `${JSON.stringify(
      {
        owner: context.owner,
        catalog: context.catalogUrl,
        generatedAt: context.generatedAt,
        files: included.map((a) => ({
          path: a.path,
          collection: a.collection,
          item: a.item,
          asset: a.asset,
          href: a.href,
          size: a.size,
          sizeSource: a.sizeSource,
          checksum: a.checksum,
          checksumAlgorithm: a.checksumAlgorithm,
        })),
        notIncluded: [
          ...assets
            .filter((a) => !a.downloadable)
            .map((a) => ({ path: a.path, href: a.href, reason: a.reason })),
          ...missing,
        ],
        checksums: `${SUMS_NAME} holds the SHA-256 of every file as sent; check with: sha256sum -c ${SUMS_NAME}`,
      },
      null,
      2,
    )}\n`,
  );
  zip.addBuffer(manifest, MANIFEST_NAME, { mtime, compress: false });

  const digests = new Map<string, string>();
  for (const asset of included) {
    const options = {
      mtime,
      compress: false,
      ...(asset.size === null ? {} : { size: asset.size }),
    };
    zip.addReadStreamLazy(asset.path, options, (callback) => {
      open(asset.href).then(
        (source) =>
          callback(
            null,
            hashing(source, (hex) => digests.set(asset.path, hex)),
          ),
        (error: Error) => callback(error, undefined as unknown as Readable),
      );
    });
  }
  // Each line is "<64 hex digits>  <path>\n": its length is known before any digest is.
  const sumsSize = included.reduce((n, a) => n + 64 + 2 + Buffer.byteLength(a.path) + 1, 0);
  zip.addReadStreamLazy(SUMS_NAME, { mtime, compress: false, size: sumsSize }, (callback) => {
    // Asked for after every asset has been written: all digests are in.
    const text = included.map((a) => `${digests.get(a.path) ?? '?'.repeat(64)}  ${a.path}\n`);
    const stream = new PassThrough();
    stream.end(Buffer.from(text.join('')));
    callback(null, stream);
  });

  // With no addFile() entries yazl calls this during end(), before any byte is read.
  // (@types/yazl 3.3.1 types the callback without its argument; yazl's README passes it.)
  let size: number | undefined;
  const end = zip.end as (
    options: { forceZip64Format: boolean; comment: string },
    calculatedTotalSize: (total: number) => void,
  ) => void;
  end.call(zip, { forceZip64Format: false, comment: '' }, (total) => {
    size = total >= 0 ? total : undefined;
  });
  return { stream: zip.outputStream as Readable, size };
}

/** Passes the bytes through, and reports their SHA-256 once they have all gone by. */
function hashing(source: Readable, done: (hex: string) => void): Readable {
  const hash = createHash('sha256');
  const through = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      done(hash.digest('hex'));
      callback();
    },
  });
  source.on('error', (error) => through.destroy(error));
  return source.pipe(through);
}
