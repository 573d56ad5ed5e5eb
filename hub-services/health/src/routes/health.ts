import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HEALTH_JSON } from '@styx/service-health';
import type { HealthContext } from '../context.js';
import { buildHealthReport } from '../monitor/health-report.js';
import { isAdmin } from './viewer.js';

/**
 * GET /health: the cached results as application/health+json (draft-inadome-httpapi-health-check);
 * no check runs during the request, so the page is cheap however often it is polled.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.get('/health', async (request, reply) => {
    const { statusCode, document } = buildHealthReport({
      probes: ctx.monitor.probes,
      latest: ctx.monitor.latest(),
      maintenance: ctx.monitor.maintenance(),
      admin: await isAdmin(request),
      now: new Date(),
      traceUrl: ctx.traceUrl,
    });
    return reply
      .code(statusCode)
      .type(HEALTH_JSON)
      .header('cache-control', 'no-store')
      .send({
        ...document,
        links: {
          about: ctx.baseUrl,
          uptime: `${ctx.baseUrl}uptime`,
          incidents: `${ctx.baseUrl}incidents`,
        },
      });
  });
};
