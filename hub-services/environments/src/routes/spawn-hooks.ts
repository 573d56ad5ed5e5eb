import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { EnvironmentsContext } from '../context.js';
import { forbidden } from '../environments-errors.js';
import { chooseProfile, profilesFor } from '../profiles/profile-access.js';
import { memoryBytes, spawnerSettings } from '../profiles/spawner-settings.js';
import { applicableQuotas, checkQuotas, usageBetween } from '../usage/quota.js';
import { requireHookCaller } from './callers.js';

const DAY = 86_400_000;
const GIB = 1024 ** 3;

/** The user as the Hub knows them when it spawns (its own records: the hook is trusted). */
const SpawningUser = {
  user: Type.String({ minLength: 1, maxLength: 255 }),
  admin: Type.Boolean({ default: false }),
  groups: Type.Array(Type.String({ maxLength: 255 }), { maxItems: 1000, default: [] }),
};
const ServerName = Type.String({ maxLength: 255, default: '' });

/**
 * What the Hub's hooks in jupyterhub_config.py ask: the profiles for the spawn form, a decision
 * for each spawn (profile allowed? quota left? then the spawner's settings, and the session
 * opens in the ledger), and each stop (the session closes).
 */
export const spawnHookRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));
  app.addHook('preHandler', requireHookCaller(ctx.hookService));

  app.post(
    '/api/hub/spawn-options',
    { schema: { body: Type.Object(SpawningUser) } },
    async (request) => {
      const { user, admin, groups } = request.body;
      return { profiles: profilesFor(await ctx.profiles.list(), { name: user, admin, groups }) };
    },
  );

  app.post(
    '/api/hub/spawns',
    {
      schema: {
        body: Type.Object({
          ...SpawningUser,
          server: ServerName,
          profile: Type.Optional(Type.String({ maxLength: 255 })),
        }),
      },
    },
    async (request) => {
      const { user, admin, groups, server, profile: requested } = request.body;
      const caller = { name: user, admin, groups };
      const choice = chooseProfile(await ctx.profiles.list(), caller, requested);
      if (!choice.allowed) throw forbidden(choice.message);
      const now = ctx.now();
      const profile = choice.profile;
      if (profile) {
        const quotas = applicableQuotas(await ctx.quotas.list(), caller);
        const widest = Math.max(0, ...quotas.map((q) => q.windowDays));
        const sessions =
          quotas.length > 0
            ? await ctx.ledger.overlapping(new Date(now.getTime() - widest * DAY), now, user)
            : [];
        const quota = checkQuotas(
          quotas,
          (q) => usageBetween(sessions, new Date(now.getTime() - q.windowDays * DAY), now),
          { cpu: profile.cpu, memoryGiB: memoryBytes(profile.memory) / GIB, gpu: profile.gpu },
          profile.slug,
        );
        if (!quota.allowed) throw forbidden(quota.message);
      }
      await ctx.ledger.started({
        user,
        server,
        profile: profile?.slug ?? null,
        profileVersion: profile?.version ?? null,
        cpu: profile?.cpu ?? 0,
        memoryBytes: profile ? memoryBytes(profile.memory) : 0,
        gpu: profile?.gpu ?? 0,
        at: now,
      });
      request.log.info({ user, server, profile: profile?.slug }, 'spawn allowed');
      return profile
        ? { profile: profile.slug, version: profile.version, settings: spawnerSettings(profile) }
        : { profile: null, version: null, settings: null };
    },
  );

  app.post(
    '/api/hub/stops',
    { schema: { body: Type.Object({ user: SpawningUser.user, server: ServerName }) } },
    async (request, reply) => {
      await ctx.ledger.stopped(request.body.user, request.body.server, ctx.now(), 'stopped');
      return reply.status(204).send();
    },
  );
};
