import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type ManagedUser, mayWriteQuota, visibleQuotas } from '../admins/admin-rights.js';
import type { EnvironmentsContext } from '../context.js';
import { forbidden, notFound } from '../environments-errors.js';
import { applicableQuotas, QuotaInput, type QuotaSubject, usageBetween } from '../usage/quota.js';
import { monthRange, usageCsv } from '../usage/usage-report.js';
import { type Manager, managedUsers, requireManager } from './callers.js';

const DAY = 86_400_000;
const SubjectParams = Type.Object({
  kind: Type.Enum(['user', 'group']),
  name: Type.String({ minLength: 1, maxLength: 255 }),
});

/**
 * Quotas (admins set them per user or group, delegated admins those of their groups and
 * members; each change audited), a user's own usage against them, and the monthly usage
 * report as CSV (a delegated admin's: their groups' users only).
 */
export const usageRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));

  /** The users a delegated admin manages, by name (a Hub admin needs none of them). */
  const usersOf = async (manager: Manager): Promise<Map<string, ManagedUser>> =>
    manager.rights.role === 'admin'
      ? new Map()
      : new Map((await managedUsers(ctx, manager)).map((u) => [u.name, u]));

  const requireQuotaWriter = async (manager: Manager, subject: QuotaSubject) => {
    const user = subject.kind === 'user' ? (await usersOf(manager)).get(subject.name) : undefined;
    if (mayWriteQuota(manager.rights, subject, user)) return;
    throw forbidden(
      `${manager.identity.name} may set the quotas of ${
        manager.rights.role === 'group-admin'
          ? manager.rights.delegations
              .filter((d) => d.mayEditQuotas)
              .map((d) => d.group)
              .join(', ') || 'no group'
          : 'no group'
      } and their members only; not of ${subject.kind} ${subject.name}`,
    );
  };

  app.get('/api/quotas', async (request) => {
    const manager = await requireManager(ctx, request);
    const quotas = await ctx.quotas.list();
    if (manager.rights.role === 'admin') return { quotas };
    return { quotas: visibleQuotas(manager.rights, quotas, await usersOf(manager)) };
  });

  app.put(
    '/api/quotas/:kind/:name',
    { schema: { params: SubjectParams, body: QuotaInput } },
    async (request) => {
      const manager = await requireManager(ctx, request);
      const identity = manager.identity;
      const subject = request.params;
      await requireQuotaWriter(manager, subject);
      const before = await ctx.quotas.get(subject);
      const quota = await ctx.quotas.put(subject, request.body);
      await ctx.profiles.record(
        identity.name,
        before ? 'update' : 'create',
        `quota:${subject.kind}:${subject.name}`,
        { from: before ?? null, to: quota },
      );
      return quota;
    },
  );

  app.delete(
    '/api/quotas/:kind/:name',
    { schema: { params: SubjectParams } },
    async (request, reply) => {
      const manager = await requireManager(ctx, request);
      const identity = manager.identity;
      const subject = request.params;
      await requireQuotaWriter(manager, subject);
      const before = await ctx.quotas.get(subject);
      if (!before || !(await ctx.quotas.remove(subject)))
        throw notFound(`no quota for ${subject.kind} ${subject.name}`);
      await ctx.profiles.record(identity.name, 'delete', `quota:${subject.kind}:${subject.name}`, {
        from: before,
      });
      return reply.status(204).send();
    },
  );

  app.get('/api/usage/mine', async (request) => {
    const identity = await request.identity();
    const user = { name: identity?.name ?? '', groups: identity?.groups ?? [] };
    const now = ctx.now();
    const quotas = applicableQuotas(await ctx.quotas.list(), user);
    const windows = [...new Set([30, ...quotas.map((q) => q.windowDays)])].sort((a, b) => a - b);
    const since = new Date(now.getTime() - (windows.at(-1) as number) * DAY);
    const sessions = await ctx.ledger.overlapping(since, now, user.name);
    return {
      user: user.name,
      quotas: quotas.map((quota) => ({
        quota,
        used: usageBetween(sessions, new Date(now.getTime() - quota.windowDays * DAY), now),
      })),
      last30Days: usageBetween(sessions, new Date(now.getTime() - 30 * DAY), now),
      running: (await ctx.ledger.open(user.name)).map((s) => ({
        server: s.server,
        profile: s.profile,
        since: s.started.toISOString(),
      })),
    };
  });

  app.get(
    '/api/usage.csv',
    {
      schema: {
        querystring: Type.Object({
          month: Type.Optional(
            Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
          ),
        }),
      },
    },
    async (request, reply) => {
      const manager = await requireManager(ctx, request);
      const now = ctx.now();
      const month = request.query.month ?? now.toISOString().slice(0, 7);
      const { since, until } = monthRange(month);
      let sessions = await ctx.ledger.overlapping(since, until);
      if (manager.rights.role !== 'admin') {
        const mine = await usersOf(manager);
        sessions = sessions.filter((s) => mine.has(s.user));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="styx-usage-${month}.csv"`)
        .send(usageCsv(sessions, month, now));
    },
  );
};
