import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProcessingError } from '../processing-errors.js';
import { mediaTypeOf } from '../results/media-types.js';

const SEGMENT = '^[^/\\\\]+$';

/**
 * Results kept in the local results folder (the embedded default), at
 * `results/<owner>/<jobId>/<path>`: to their owner and the admins only — anyone else gets the
 * 404 a missing file gets. A browser without a token is sent through the Hub login.
 */
export const resultRoutes: FastifyPluginAsyncTypebox<{ root: string }> = async (app, options) => {
  const root = resolve(options.root);
  /** A segment that would stay in or climb out of its folder instead of naming a child. */
  const unsafe = (p: string) => p === '' || p === '.' || p === '..' || p.includes('\\');
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
      // The owner too: an admin asking for `..` must not read beside the results folder.
      if (unsafe(owner) || parts.some(unsafe)) throw notFound;
      const file = join(root, owner, jobId, ...parts);
      if (!file.startsWith(`${root}${sep}`)) throw notFound;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) throw notFound;
      return reply
        .type(mediaTypeOf(path))
        .header('content-length', info.size)
        .header('cache-control', 'private, max-age=3600')
        .send(createReadStream(file));
    },
  );
};
