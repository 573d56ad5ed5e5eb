import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  type AdminRights,
  mayCreateProfiles,
  mayWriteProfile,
  seesProfile,
} from '../admins/admin-rights.js';
import type { EnvironmentsContext } from '../context.js';
import { forbidden, invalid, notFound } from '../environments-errors.js';
import { ProfileInput, Slug } from '../profiles/profile.js';
import { profilesFor } from '../profiles/profile-access.js';
import { type Manager, requireManager } from './callers.js';

const SlugParams = Type.Object({ slug: Slug });
/** `mine` is the user-facing list's path: no profile may be called that. */
const RESERVED = new Set(['mine']);

/** A delegated admin may write only profiles restricted to groups they may edit profiles for. */
function requireWritable(manager: Manager, allowedGroups: readonly string[], slug: string) {
  if (mayWriteProfile(manager.rights, allowedGroups)) return;
  const rights = manager.rights as Extract<AdminRights, { role: 'group-admin' }>;
  const editable = rights.delegations.filter((d) => d.mayEditProfiles).map((d) => d.group);
  throw forbidden(
    editable.length === 0
      ? `${manager.identity.name} may not edit profiles (a Hub admin may allow it for a group they administer)`
      : `${manager.identity.name} may write only profiles whose allowedGroups are among ${editable.join(', ')}; '${slug}' is open to ${allowedGroups.length === 0 ? 'everyone' : allowedGroups.join(', ')}`,
  );
}

/** The live profile, or the given version, if the manager may see it; else 404 (nothing told). */
async function visibleProfile(
  ctx: EnvironmentsContext,
  manager: Manager,
  slug: string,
  version?: number,
) {
  const profile = await ctx.profiles.get(slug, version);
  const current = (await ctx.profiles.get(slug)) ?? profile;
  if (profile && current && seesProfile(manager.rights, current.allowedGroups)) return profile;
  return undefined;
}

/**
 * Profiles: admins create, change and delete them (each change a new version and an audit
 * record), delegated admins those restricted to their groups if allowed to; every user lists
 * the ones their groups open to them.
 */
export const profileRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.addHook('onRequest', app.requireScopes([]));

  app.get('/api/profiles/mine', async (request) => {
    const identity = await request.identity();
    const user = identity ?? { name: '', admin: false, groups: [] };
    return { profiles: profilesFor(await ctx.profiles.list(), user) };
  });

  app.get('/api/profiles', async (request) => {
    const { rights } = await requireManager(ctx, request);
    const profiles = (await ctx.profiles.list()).filter((p) =>
      seesProfile(rights, p.allowedGroups),
    );
    return {
      profiles,
      mayCreate: mayCreateProfiles(rights),
      editable: profiles.filter((p) => mayWriteProfile(rights, p.allowedGroups)).map((p) => p.slug),
    };
  });

  app.post('/api/profiles', { schema: { body: ProfileInput } }, async (request, reply) => {
    const manager = await requireManager(ctx, request);
    if (RESERVED.has(request.body.slug))
      throw invalid(`'${request.body.slug}' is reserved; choose another slug`);
    requireWritable(manager, request.body.allowedGroups, request.body.slug);
    const profile = await ctx.profiles.create(request.body, manager.identity.name);
    return reply
      .status(201)
      .header('location', `${base}api/profiles/${profile.slug}`)
      .send(profile);
  });

  app.get(
    '/api/profiles/:slug',
    {
      schema: {
        params: SlugParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => {
      const manager = await requireManager(ctx, request);
      const { slug } = request.params;
      const { version } = request.query;
      const profile = await visibleProfile(ctx, manager, slug, version);
      if (!profile)
        throw notFound(
          version === undefined
            ? `no profile '${slug}'`
            : `profile '${slug}' has no version ${version} (or it is the deletion); see ${base}api/profiles/${slug}/versions`,
        );
      return profile;
    },
  );

  app.get('/api/profiles/:slug/versions', { schema: { params: SlugParams } }, async (request) => {
    const manager = await requireManager(ctx, request);
    const { slug } = request.params;
    const versions = await ctx.profiles.versions(slug);
    const last = [...versions].reverse().find((v) => !v.deleted);
    const known = last && (await visibleProfile(ctx, manager, slug, last.version));
    if (versions.length === 0 || !known) throw notFound(`no profile '${slug}'`);
    return { slug: request.params.slug, versions };
  });

  app.put(
    '/api/profiles/:slug',
    { schema: { params: SlugParams, body: ProfileInput } },
    async (request) => {
      const manager = await requireManager(ctx, request);
      const current = await visibleProfile(ctx, manager, request.params.slug);
      if (!current)
        throw notFound(`no profile '${request.params.slug}'; create it with POST first`);
      requireWritable(manager, current.allowedGroups, current.slug);
      requireWritable(manager, request.body.allowedGroups, current.slug);
      if (request.body.slug !== request.params.slug)
        throw invalid(
          `the body's slug '${request.body.slug}' differs from the URL's '${request.params.slug}'; a profile cannot be renamed (create a new one)`,
        );
      return ctx.profiles.update(request.params.slug, request.body, manager.identity.name);
    },
  );

  app.delete('/api/profiles/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const manager = await requireManager(ctx, request);
    const current = await visibleProfile(ctx, manager, request.params.slug);
    if (!current) throw notFound(`no profile '${request.params.slug}'`);
    requireWritable(manager, current.allowedGroups, current.slug);
    await ctx.profiles.remove(request.params.slug, manager.identity.name);
    return reply.status(204).send();
  });

  app.get(
    '/api/audit',
    {
      schema: {
        querystring: Type.Object({
          target: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request) => {
      const manager = await requireManager(ctx, request);
      const { target, limit } = request.query;
      // Delegated admins read the history of the profiles they see, and nothing else.
      if (manager.rights.role !== 'admin') {
        const slug = target?.startsWith('profile:') ? target.slice('profile:'.length) : undefined;
        const versions = slug ? await ctx.profiles.versions(slug) : [];
        const last = [...versions].reverse().find((v) => !v.deleted);
        if (!slug || !last || !(await visibleProfile(ctx, manager, slug, last.version)))
          throw forbidden(
            `${manager.identity.name} may read the history of the profiles they see (target=profile:<slug>) only`,
          );
      }
      return { records: await ctx.profiles.audit(target, limit) };
    },
  );
};
