import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProcessingContext } from '../context.js';
import { CONFORMANCE, REL } from '../ogc.js';

/** Landing page and conformance (OGC API – Processes §7.2, §7.4). Public. */
export const landingRoutes: FastifyPluginAsyncTypebox<ProcessingContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.get('/', async () => ({
    title: 'Styx processing',
    description: 'Run processes on the Styx data as container jobs (OGC API – Processes).',
    links: [
      { rel: 'self', type: 'application/json', href: base },
      { rel: REL.conformance, type: 'application/json', href: `${base}conformance` },
      { rel: REL.processes, type: 'application/json', href: `${base}processes` },
      { rel: REL.jobList, type: 'application/json', href: `${base}jobs` },
    ],
  }));
  app.get('/conformance', async () => ({ conformsTo: CONFORMANCE }));
};
