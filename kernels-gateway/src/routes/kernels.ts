import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { GatewayContext } from '../context.js';

export const KernelIdParams = Type.Object({
  kernelId: Type.String({
    pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  }),
});

const StartKernelBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 64 })),
    path: Type.Optional(Type.String({ maxLength: 4096 })),
    env: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 4096 }), { maxProperties: 200 }),
    ),
  },
  { additionalProperties: true },
);

/** The caller's user name: every kernel belongs to whoever started it. */
export async function ownerOf(request: FastifyRequest): Promise<string> {
  const identity = await request.identity();
  // requireScopes ran first: there is an identity.
  return identity?.name ?? '';
}

/**
 * `/api/kernels` as Jupyter Server's REST API has it (jupyter_server `services/kernels/handlers.py`
 * and the REST API spec): start (201 + Location), list, get, delete (204), interrupt (204),
 * restart (200 + model). Only the owner's kernels exist for a caller.
 */
export const kernelRoutes: FastifyPluginAsyncTypebox<GatewayContext> = async (app, ctx) => {
  const auth = { onRequest: app.requireScopes([]) };

  app.get('/api/kernels', { ...auth }, async (request) =>
    ctx.kernels.list(await ownerOf(request)).map((kernel) => kernel.model()),
  );

  app.post(
    '/api/kernels',
    { ...auth, schema: { body: StartKernelBody } },
    async (request, reply) => {
      const body = request.body ?? {};
      const kernel = await ctx.kernels.start(await ownerOf(request), {
        name: body.name,
        path: body.path,
        env: body.env,
      });
      return reply
        .status(201)
        .header('location', `${ctx.servicePrefix}api/kernels/${kernel.id}`)
        .send(kernel.model());
    },
  );

  app.get(
    '/api/kernels/:kernelId',
    { ...auth, schema: { params: KernelIdParams } },
    async (request) => ctx.kernels.get(await ownerOf(request), request.params.kernelId).model(),
  );

  app.delete(
    '/api/kernels/:kernelId',
    { ...auth, schema: { params: KernelIdParams } },
    async (request, reply) => {
      const kernel = ctx.kernels.get(await ownerOf(request), request.params.kernelId);
      await ctx.kernels.shutdown(kernel);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/kernels/:kernelId/interrupt',
    { ...auth, schema: { params: KernelIdParams } },
    async (request, reply) => {
      await ctx.kernels.interrupt(ctx.kernels.get(await ownerOf(request), request.params.kernelId));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/kernels/:kernelId/restart',
    { ...auth, schema: { params: KernelIdParams } },
    async (request) => {
      const kernel = ctx.kernels.get(await ownerOf(request), request.params.kernelId);
      await ctx.kernels.restart(kernel);
      return kernel.model();
    },
  );
};
