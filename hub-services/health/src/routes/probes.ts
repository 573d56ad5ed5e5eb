import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { traceUrlFor } from '@styx/tracing';
import { Type } from 'typebox';
import type { HealthContext } from '../context.js';
import { HealthError, notAdmin } from '../health-errors.js';
import { isAdmin } from './viewer.js';

const ProbeParams = Type.Object({
  probeId: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 64 }),
});

/**
 * The probes as data (admins), each one's hourly latency, and "run now": one check outside the
 * schedule, its result returned.
 */
export const probeRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));
  app.addHook('preHandler', async (request) => {
    if (!(await isAdmin(request))) throw notAdmin('see and run the probes');
  });

  app.get('/probes', async () => ({
    probes: ctx.monitor.probes.map(({ check: _check, close: _close, ...definition }) => definition),
  }));

  app.get(
    '/probes/:probeId/latency',
    {
      schema: {
        params: ProbeParams,
        querystring: Type.Object({
          hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 400 })),
        }),
      },
    },
    async (request) => {
      const { probeId } = request.params;
      if (!ctx.monitor.probes.some((p) => p.id === probeId))
        throw new HealthError(404, 'NotFound', `no probe '${probeId}'; GET probes lists them`);
      const hours = request.query.hours ?? 48;
      const points = await ctx.store.hourlyLatency(probeId, hours);
      return {
        probe: probeId,
        hours,
        points: points.map((p) => ({ ...p, hour: p.hour.toISOString() })),
      };
    },
  );

  app.post('/probes/:probeId/run', { schema: { params: ProbeParams } }, async (request) => {
    const run = ctx.monitor.runNow(request.params.probeId);
    if (!run)
      throw new HealthError(
        404,
        'NotFound',
        `no probe '${request.params.probeId}'; GET probes lists them`,
      );
    const result = await run;
    return {
      ...result,
      at: result.at.toISOString(),
      message: result.message ?? null,
      // The trace of this run (null when the service is not traced), and its page when
      // STYX_TRACE_URL names a trace UI.
      traceId: result.traceId ?? null,
      traceUrl: traceUrlFor(ctx.traceUrl, result.traceId) ?? null,
    };
  });
};
