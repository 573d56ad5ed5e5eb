import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HealthContext } from '../context.js';

/** The service's root: what it offers, as links. */
export const landingRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.get('/', async () => ({
    title: 'Styx system health',
    links: [
      { rel: 'status', type: 'application/health+json', href: `${ctx.baseUrl}health` },
      { rel: 'uptime', type: 'application/json', href: `${ctx.baseUrl}uptime` },
      { rel: 'incidents', type: 'application/json', href: `${ctx.baseUrl}incidents` },
      { rel: 'maintenance', type: 'application/json', href: `${ctx.baseUrl}maintenance` },
      { rel: 'probes', type: 'application/json', href: `${ctx.baseUrl}probes` },
      { rel: 'metrics', type: 'text/plain', href: `${ctx.baseUrl}metrics` },
    ],
  }));
};
