import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayContext } from '../context.js';
import { NotFoundError } from '../errors.js';

const SpecName = Type.String({ minLength: 1, maxLength: 64 });

/**
 * Kernel specs as Jupyter Server serves them (`/api/kernelspecs`, and the resources under
 * `/kernelspecs/{name}/{file}`, the path GatewayClient rewrites to its own). Each spec's
 * metadata says where its kernels run.
 */
export const kernelSpecRoutes: FastifyPluginAsyncTypebox<GatewayContext> = async (app, ctx) => {
  const resourceBase = `${ctx.servicePrefix}kernelspecs/`;
  const auth = { onRequest: app.requireScopes([]) };

  app.get('/api/kernelspecs', { ...auth }, async () => ({
    default: ctx.specs.defaultName,
    kernelspecs: Object.fromEntries(
      ctx.specs.all().map((spec) => [spec.name, ctx.specs.model(spec, resourceBase)]),
    ),
  }));

  app.get(
    '/api/kernelspecs/:name',
    { ...auth, schema: { params: Type.Object({ name: SpecName }) } },
    async (request) => {
      const spec = ctx.specs.get(request.params.name);
      if (!spec) throw new NotFoundError(`no kernel spec named ${request.params.name}`);
      return ctx.specs.model(spec, resourceBase);
    },
  );

  app.get(
    '/kernelspecs/:name/:file',
    {
      ...auth,
      schema: { params: Type.Object({ name: SpecName, file: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const spec = ctx.specs.get(request.params.name);
      const path = spec ? ctx.specs.resourcePath(spec, request.params.file) : undefined;
      if (!path)
        throw new NotFoundError(`no resource ${request.params.file} for ${request.params.name}`);
      const type = path.endsWith('.png')
        ? 'image/png'
        : path.endsWith('.svg')
          ? 'image/svg+xml'
          : path.endsWith('.js')
            ? 'text/javascript'
            : 'text/css';
      return reply.type(type).header('cache-control', 'max-age=3600').send(createReadStream(path));
    },
  );
};
