import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { administeredGroups, mayCreateProfiles } from '../admins/admin-rights.js';
import type { EnvironmentsContext } from '../context.js';
import { applicableQuotas } from '../usage/quota.js';
import { userRows } from '../users/user-rows.js';
import { callerRights, managedUsers, requireManager } from './callers.js';

const DAY = 86_400_000;

/**
 * The admins' users table (each user the caller manages: servers and their state, profile,
 * last activity, usage against quota) and what the caller may manage here (`/api/me`, which
 * the JupyterLab panel asks before it offers itself).
 */
export const userRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));

  app.get('/api/me', async (request) => {
    const { identity, rights } = await callerRights(ctx, request);
    return {
      name: identity.name,
      role: rights.role,
      groups: administeredGroups(rights),
      delegations: rights.role === 'group-admin' ? rights.delegations : [],
      mayCreateProfiles: mayCreateProfiles(rights),
      mayManageGroupAdmins: rights.role === 'admin',
    };
  });

  app.get('/api/users', async (request) => {
    const manager = await requireManager(ctx, request);
    const users = await managedUsers(ctx, manager);
    const now = ctx.now();
    const quotas = await ctx.quotas.list();
    const widest = Math.max(
      30,
      ...users.flatMap((u) => applicableQuotas(quotas, u).map((q) => q.windowDays)),
    );
    const names = new Set(users.map((u) => u.name));
    const mine = <T extends { user: string }>(list: T[]) => list.filter((s) => names.has(s.user));
    const [latest, sessions] = await Promise.all([
      ctx.ledger.latestPerServer(),
      ctx.ledger.overlapping(new Date(now.getTime() - widest * DAY), now),
    ]);
    return {
      users: userRows({
        users,
        latest: mine(latest),
        sessions: mine(sessions),
        quotas,
        now,
      }),
    };
  });
};
