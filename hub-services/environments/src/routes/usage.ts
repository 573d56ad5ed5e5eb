import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { EnvironmentsContext } from '../context.js';
import { notFound } from '../environments-errors.js';
import { applicableQuotas, QuotaInput, usageBetween } from '../usage/quota.js';
import { monthRange, usageCsv } from '../usage/usage-report.js';
import { requireAdmin } from './callers.js';

const DAY = 86_400_000;
const SubjectParams = Type.Object({
  kind: Type.Enum(['user', 'group']),
  name: Type.String({ minLength: 1, maxLength: 255 }),
});

/**
 * Quotas (admins set them per user or group; each change audited), a user's own usage against
 * them, and the monthly usage report as CSV.
 */
export const usageRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));

  app.get('/api/quotas', { preHandler: requireAdmin }, async () => ({
    quotas: await ctx.quotas.list(),
  }));

  app.put(
    '/api/quotas/:kind/:name',
    { preHandler: requireAdmin, schema: { params: SubjectParams, body: QuotaInput } },
    async (request) => {
      const identity = await requireAdmin(request);
      const subject = request.params;
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
    { preHandler: requireAdmin, schema: { params: SubjectParams } },
    async (request, reply) => {
      const identity = await requireAdmin(request);
      const subject = request.params;
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
      preHandler: requireAdmin,
      schema: {
        querystring: Type.Object({
          month: Type.Optional(
            Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
          ),
        }),
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      const month = request.query.month ?? now.toISOString().slice(0, 7);
      const { since, until } = monthRange(month);
      const sessions = await ctx.ledger.overlapping(since, until);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="styx-usage-${month}.csv"`)
        .send(usageCsv(sessions, month, now));
    },
  );
};
