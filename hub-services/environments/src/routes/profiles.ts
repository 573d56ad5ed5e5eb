import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { EnvironmentsContext } from '../context.js';
import { invalid, notFound } from '../environments-errors.js';
import { ProfileInput, Slug } from '../profiles/profile.js';
import { profilesFor } from '../profiles/profile-access.js';
import { requireAdmin } from './callers.js';

const SlugParams = Type.Object({ slug: Slug });
/** `mine` is the user-facing list's path: no profile may be called that. */
const RESERVED = new Set(['mine']);

/**
 * Profiles: admins create, change and delete them (each change a new version and an audit
 * record); every user lists the ones their groups open to them.
 */
export const profileRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.addHook('onRequest', app.requireScopes([]));

  app.get('/api/profiles/mine', async (request) => {
    const identity = await request.identity();
    const user = identity ?? { name: '', admin: false, groups: [] };
    return { profiles: profilesFor(await ctx.profiles.list(), user) };
  });

  app.get('/api/profiles', { preHandler: requireAdmin }, async () => ({
    profiles: await ctx.profiles.list(),
  }));

  app.post(
    '/api/profiles',
    { preHandler: requireAdmin, schema: { body: ProfileInput } },
    async (request, reply) => {
      if (RESERVED.has(request.body.slug))
        throw invalid(`'${request.body.slug}' is reserved; choose another slug`);
      const identity = await requireAdmin(request);
      const profile = await ctx.profiles.create(request.body, identity.name);
      return reply
        .status(201)
        .header('location', `${base}api/profiles/${profile.slug}`)
        .send(profile);
    },
  );

  app.get(
    '/api/profiles/:slug',
    {
      preHandler: requireAdmin,
      schema: {
        params: SlugParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => {
      const { slug } = request.params;
      const { version } = request.query;
      const profile = await ctx.profiles.get(slug, version);
      if (!profile)
        throw notFound(
          version === undefined
            ? `no profile '${slug}'`
            : `profile '${slug}' has no version ${version} (or it is the deletion); see ${base}api/profiles/${slug}/versions`,
        );
      return profile;
    },
  );

  app.get(
    '/api/profiles/:slug/versions',
    { preHandler: requireAdmin, schema: { params: SlugParams } },
    async (request) => {
      const versions = await ctx.profiles.versions(request.params.slug);
      if (versions.length === 0) throw notFound(`no profile '${request.params.slug}'`);
      return { slug: request.params.slug, versions };
    },
  );

  app.put(
    '/api/profiles/:slug',
    { preHandler: requireAdmin, schema: { params: SlugParams, body: ProfileInput } },
    async (request) => {
      if (request.body.slug !== request.params.slug)
        throw invalid(
          `the body's slug '${request.body.slug}' differs from the URL's '${request.params.slug}'; a profile cannot be renamed (create a new one)`,
        );
      const identity = await requireAdmin(request);
      return ctx.profiles.update(request.params.slug, request.body, identity.name);
    },
  );

  app.delete(
    '/api/profiles/:slug',
    { preHandler: requireAdmin, schema: { params: SlugParams } },
    async (request, reply) => {
      const identity = await requireAdmin(request);
      await ctx.profiles.remove(request.params.slug, identity.name);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/audit',
    {
      preHandler: requireAdmin,
      schema: {
        querystring: Type.Object({
          target: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request) => ({
      records: await ctx.profiles.audit(request.query.target, request.query.limit),
    }),
  );
};
