import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProcessingError } from '../processing-errors.js';
import { mediaTypeOf } from '../results/media-types.js';

const SEGMENT = '^[^/\\\\]+$';

/** A path segment that would climb out of, or stay in, its folder instead of naming a child. */
const unsafeSegment = (p: string) => p === '' || p === '.' || p === '..' || p.includes('\\');

/**
 * One `bytes=` range of a file of `size` bytes (RFC 9110 §14.1.2): `[start, end]` inclusive,
 * 'unsatisfiable' for a range past the end, undefined to send the whole file — a header this
 * does not read (several ranges, another unit) may be ignored (§14.2).
 */
export function byteRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    // A suffix range: the last N bytes.
    const length = Number(match[2]);
    if (length === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : [Math.max(0, size - length), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return [start, end];
}

/**
 * Results kept in the local results folder (the embedded default), at
 * `results/<owner>/<jobId>/<path>`: to their owner and the admins only — anyone else gets the
 * 404 a missing file gets. A browser without a token is sent through the Hub login. Byte
 * ranges are served, so that GDAL and friends can read a cloud-optimized GeoTIFF in place.
 */
export const resultRoutes: FastifyPluginAsyncTypebox<{ root: string }> = async (app, options) => {
  const root = resolve(options.root);
  app.get(
    '/results/:owner/:jobId/*',
    {
      onRequest: app.requireScopes([], { browserLogin: true }),
      schema: {
        params: Type.Object({
          owner: Type.String({ pattern: SEGMENT, maxLength: 255 }),
          jobId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
          '*': Type.String({ minLength: 1, maxLength: 4096 }),
        }),
      },
    },
    async (request, reply) => {
      const { owner, jobId } = request.params;
      const path = request.params['*'];
      const identity = await request.identity();
      const parts = path.split('/');
      const notFound = new ProcessingError(404, 'NotFound', `no result ${owner}/${jobId}/${path}`);
      if (!identity || (identity.name !== owner && !identity.admin)) throw notFound;
      if (unsafeSegment(owner) || parts.some(unsafeSegment)) throw notFound;
      const file = join(root, owner, jobId, ...parts);
      if (!file.startsWith(`${root}${sep}`)) throw notFound;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) throw notFound;
      reply
        .type(mediaTypeOf(path))
        .header('accept-ranges', 'bytes')
        .header('last-modified', info.mtime.toUTCString())
        .header('cache-control', 'private, max-age=3600');
      const range = byteRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        return reply
          .status(416)
          .header('content-range', `bytes */${info.size}`)
          .type('text/plain')
          .send(`the file has ${info.size} bytes`);
      }
      if (range) {
        const [start, end] = range;
        return reply
          .status(206)
          .header('content-range', `bytes ${start}-${end}/${info.size}`)
          .header('content-length', end - start + 1)
          .send(createReadStream(file, { start, end }));
      }
      return reply.header('content-length', info.size).send(createReadStream(file));
    },
  );
};
