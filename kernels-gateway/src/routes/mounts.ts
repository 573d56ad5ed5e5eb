import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MountModel, MountName, MountRequest } from '../mounts/mount-request.js';
import type { MountService } from '../mounts/mount-service.js';

export interface MountRoutesOptions {
  mounts: MountService;
}

const ErrorBody = Type.Object({ message: Type.String(), reason: Type.String() });
const NameParams = Type.Object({ name: MountName });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** requireScopes has refused a request without an identity before the handler runs. */
async function ownerOf(request: FastifyRequest): Promise<string> {
  return (await request.identity())!.name;
}

/**
 * A user's dataset mounts (the catalog panel's "Mount"): each appears in their home as
 * `data/<name>`. Every route answers for the caller's own mounts only; another user's mount
 * is a 404, as one that does not exist.
 */
export const mountRoutes: FastifyPluginAsyncTypebox<MountRoutesOptions> = async (app, options) => {
  const { mounts } = options;

  app.get(
    '/api/styx/mounts',
    {
      onRequest: app.requireScopes([]),
      schema: {
        summary: 'Your dataset mounts',
        tags: ['Mounts'],
        response: { 200: Type.Array(MountModel), ...errors },
      },
    },
    async (request) => mounts.list(await ownerOf(request)),
  );

  app.post(
    '/api/styx/mounts',
    {
      onRequest: app.requireScopes([]),
      schema: {
        summary: 'Mount a dataset in your home, at data/<name>',
        tags: ['Mounts'],
        body: MountRequest,
        response: { 201: MountModel, ...errors, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const mount = await mounts.create(await ownerOf(request), request.body);
      return reply.status(201).send(mount);
    },
  );

  app.get(
    '/api/styx/mounts/:name',
    {
      onRequest: app.requireScopes([]),
      schema: {
        summary: 'One of your dataset mounts',
        tags: ['Mounts'],
        params: NameParams,
        response: { 200: MountModel, ...errors },
      },
    },
    async (request) => mounts.get(await ownerOf(request), request.params.name),
  );

  app.delete(
    '/api/styx/mounts/:name',
    {
      onRequest: app.requireScopes([]),
      schema: {
        summary: 'Unmount a dataset and remove data/<name>',
        tags: ['Mounts'],
        params: NameParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await mounts.remove(await ownerOf(request), request.params.name);
      return reply.status(204).send(null);
    },
  );
};
