import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type HubIdentity, type HubServiceConfig, hubAuth } from '@styx/hub-auth';
import { serviceHealth } from '@styx/service-health';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { HealthContext } from './context.js';
import { healthErrors } from './health-errors.js';
import type { HealthStore } from './history/health-store.js';
import type { HealthMonitor } from './monitor/health-monitor.js';
import { registerProbeMetrics } from './monitor/probe-metrics.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { landingRoutes } from './routes/landing.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { probeRoutes } from './routes/probes.js';
import { uptimeRoutes } from './routes/uptime.js';

export interface HealthAppOptions {
  monitor: HealthMonitor;
  store: HealthStore;
  /** Public URL, ending with '/'. */
  baseUrl: string;
  hub?: HubServiceConfig | undefined;
  /** Without a Hub (tests, a laptop): fixed tokens and whom they stand for. */
  staticTokens?: Array<{ token: string; identity: HubIdentity }>;
  logger?: FastifyServerOptions['logger'];
  fetch?: typeof fetch;
  /** STYX_TRACE_URL: the trace UI's address of a trace, `{traceId}` in it. */
  traceUrl?: string | undefined;
}

/**
 * The health service, a JupyterHub service like processing: plugins (errors, Hub
 * authentication, its own livez/readyz/metrics), then routes under the service prefix. It
 * serves what the monitor has cached; it never listens and never starts the monitor.
 */
export async function buildHealthApp(options: HealthAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(healthErrors);
  await app.register(hubAuth, {
    hub: options.hub,
    staticTokens: options.staticTokens ?? [],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await app.register(serviceHealth, {
    service: 'health',
    prefix: options.hub?.prefix ?? '/',
    // Its own history's database: the results have nowhere to go without it. The probed
    // components are not its readiness: the health service is most needed when they fail.
    readiness: [{ name: 'history', check: () => options.store.ping() }],
    registerMetrics: (registry) => registerProbeMetrics(registry, options.monitor),
  });
  const ctx: HealthContext = {
    monitor: options.monitor,
    store: options.store,
    baseUrl: options.baseUrl,
    traceUrl: options.traceUrl,
  };
  await app.register(
    async (scoped) => {
      await scoped.register(landingRoutes, ctx);
      await scoped.register(healthRoutes, ctx);
      await scoped.register(uptimeRoutes, ctx);
      await scoped.register(incidentRoutes, ctx);
      await scoped.register(maintenanceRoutes, ctx);
      await scoped.register(probeRoutes, ctx);
    },
    { prefix: options.hub?.prefix.replace(/\/$/, '') ?? '' },
  );
  return app;
}
