import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ProcessingContext } from '../context.js';
import type { Job } from '../jobs/job.js';
import { EXCEPTION, statusInfo } from '../ogc.js';
import { ProcessingError } from '../processing-errors.js';

const JobIdParams = Type.Object({ jobId: Type.String({ maxLength: 64 }) });

/**
 * Jobs (OGC API – Processes §7.12–7.14, job-list and dismiss): a user sees and dismisses only
 * their own jobs, an admin everyone's. Someone else's job answers 404, as a job that does not
 * exist: its existence is not theirs to learn.
 */
export const jobRoutes: FastifyPluginAsyncTypebox<ProcessingContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.addHook('onRequest', app.requireScopes([]));

  const visibleJob = async (request: FastifyRequest, id: string): Promise<Job> => {
    const identity = await request.identity();
    const job = await ctx.store.get(id);
    if (!job || !identity || (job.owner !== identity.name && !identity.admin)) {
      throw new ProcessingError(404, EXCEPTION.noSuchJob, `no job '${id}'`);
    }
    return job;
  };

  app.get(
    '/jobs',
    {
      schema: {
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    },
    async (request) => {
      const identity = await request.identity();
      const limit = request.query.limit ?? 100;
      const jobs = await ctx.store.list(
        identity?.admin ? undefined : identity?.name,
        limit,
        request.query.offset ?? 0,
      );
      return {
        jobs: jobs.map((job) => ({ ...statusInfo(job, base), owner: job.owner })),
        links: [{ rel: 'self', type: 'application/json', href: `${base}jobs` }],
      };
    },
  );

  app.get('/jobs/:jobId', { schema: { params: JobIdParams } }, async (request) =>
    statusInfo(await visibleJob(request, request.params.jobId), base),
  );

  app.get('/jobs/:jobId/results', { schema: { params: JobIdParams } }, async (request) => {
    const job = await visibleJob(request, request.params.jobId);
    if (job.status !== 'successful') {
      throw new ProcessingError(
        404,
        EXCEPTION.resultNotReady,
        job.status === 'failed' || job.status === 'dismissed'
          ? `job ${job.id} has no results: it ${job.status === 'failed' ? `failed (${job.message})` : 'was dismissed'}`
          : `job ${job.id} is ${job.status}; its results are not ready`,
      );
    }
    return job.outputs ?? {};
  });

  app.get(
    '/jobs/:jobId/logs',
    {
      schema: {
        params: JobIdParams,
        querystring: Type.Object({ tail: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) => {
      const job = await visibleJob(request, request.params.jobId);
      return reply
        .type('text/plain; charset=utf-8')
        .send(await ctx.runner.logs(job, request.query.tail));
    },
  );

  app.delete('/jobs/:jobId', { schema: { params: JobIdParams } }, async (request) => {
    const job = await visibleJob(request, request.params.jobId);
    const dismissed = await ctx.runner.dismiss(job);
    await ctx.runner.removeFiles(job);
    return statusInfo(dismissed, base);
  });
};
