import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type HubIdentity, type HubServiceConfig, hubAuth } from '@styx/hub-auth';
import { serviceHealth } from '@styx/service-health';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ProcessingContext } from './context.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { JobStore } from './jobs/job-store.js';
import { CWL_MEDIA_TYPES, OGC_APP_PACKAGE } from './processes/cwl/cwl-process.js';
import { processingErrors } from './processing-errors.js';
import { jobRoutes } from './routes/jobs.js';
import { landingRoutes } from './routes/landing.js';
import { processRoutes } from './routes/processes.js';
import { resultRoutes } from './routes/results.js';

export interface ProcessingAppOptions {
  store: JobStore;
  runner: JobRunner;
  /** Public URL, ending with '/'. */
  baseUrl: string;
  hub?: HubServiceConfig | undefined;
  /** Without a Hub (tests, a laptop): fixed tokens and whom they stand for. */
  staticTokens?: Array<{ token: string; identity: HubIdentity }>;
  /** The local results folder, served to each job's owner (POSIX results storage). */
  resultsRoot?: string | undefined;
  /** How long a synchronous execution may wait before answering (then: 201 and poll). */
  syncTimeoutMs?: number;
  logger?: FastifyServerOptions['logger'];
  fetch?: typeof fetch;
}

/**
 * The processing service (OGC API – Processes Part 1), a JupyterHub service like the catalog:
 * plugins (errors, Hub authentication), then routes under the service prefix. Never listens.
 */
export async function buildProcessingApp(options: ProcessingAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // Query strings are text: `?limit=50` must validate as an integer. Bodies are JSON already,
    // and process inputs are checked against their own schemas, without coercion.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(processingErrors);
  // /livez, /readyz (the job store answers) and /metrics, before the routes so that each
  // route's request counters exist from the start.
  await app.register(serviceHealth, {
    service: 'processing',
    prefix: options.hub?.prefix ?? '/',
    readiness: [
      { name: 'job-store', check: () => options.store.get('00000000-0000-0000-0000-000000000000') },
    ],
  });
  // Application packages (OGC API – Processes Part 2) arrive as CWL text or an OGC package.
  app.addContentTypeParser(
    [...Object.keys(CWL_MEDIA_TYPES), OGC_APP_PACKAGE],
    { parseAs: 'string', bodyLimit: 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  await app.register(hubAuth, {
    hub: options.hub,
    staticTokens: options.staticTokens ?? [],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const ctx: ProcessingContext = {
    store: options.store,
    runner: options.runner,
    baseUrl: options.baseUrl,
    syncTimeoutMs: options.syncTimeoutMs ?? 60_000,
  };
  await app.register(
    async (scoped) => {
      await scoped.register(landingRoutes, ctx);
      await scoped.register(processRoutes, ctx);
      await scoped.register(jobRoutes, ctx);
      if (options.resultsRoot) await scoped.register(resultRoutes, { root: options.resultsRoot });
    },
    { prefix: options.hub?.prefix.replace(/\/$/, '') ?? '' },
  );
  return app;
}
