import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ProcessingContext } from '../app.js';
import { EXCEPTION, processDescription, processSummary, statusInfo } from '../ogc.js';
import { ProcessingError } from '../processing-errors.js';

const ProcessIdParams = Type.Object({
  processId: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,128}$' }),
});

/** execute.yaml: the inputs; `outputs` and `response` are accepted and only JSON values come back. */
const ExecuteBody = Type.Object(
  {
    inputs: Type.Record(Type.String(), Type.Unknown()),
    outputs: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    response: Type.Optional(Type.Union([Type.Literal('document'), Type.Literal('raw')])),
  },
  { additionalProperties: false },
);

/**
 * Process list, description and execution (OGC API – Processes §7.9–7.11). Listing is public;
 * executing needs a Hub identity, and the job belongs to it.
 */
export const processRoutes: FastifyPluginAsyncTypebox<ProcessingContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  const find = (id: string) => {
    const process = ctx.runner.process(id);
    if (!process)
      throw new ProcessingError(
        404,
        EXCEPTION.noSuchProcess,
        `no process '${id}'; GET ${base}processes lists them`,
      );
    return process;
  };

  app.get('/processes', async () => ({
    processes: ctx.runner.processes().map((p) => processSummary(p, base)),
    links: [{ rel: 'self', type: 'application/json', href: `${base}processes` }],
  }));

  app.get('/processes/:processId', { schema: { params: ProcessIdParams } }, async (request) =>
    processDescription(find(request.params.processId), base),
  );

  app.post(
    '/processes/:processId/execution',
    {
      onRequest: app.requireScopes([]),
      schema: {
        params: ProcessIdParams,
        body: ExecuteBody,
        headers: Type.Object({
          prefer: Type.Optional(Type.String()),
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      const process = find(request.params.processId);
      const identity = await request.identity();
      if (!identity) throw new Error('execution reached without an identity');
      const wantsAsync = /\brespond-async\b/.test(request.headers.prefer ?? '');
      const canSync = process.jobControlOptions.includes('sync-execute');
      const { job, created } = await ctx.runner.execute(
        identity.name,
        process,
        request.body.inputs,
        request.headers['idempotency-key'],
      );
      const location = `${base}jobs/${job.id}`;
      if (wantsAsync || !canSync) {
        // §7.11.4: asynchronous execution answers 201 with the job's status and its Location.
        if (wantsAsync) reply.header('preference-applied', 'respond-async');
        return reply
          .status(created ? 201 : 200)
          .header('location', location)
          .send(statusInfo(job, base));
      }
      // Synchronous: wait for the job (a short process), then answer with its results.
      const finished = await ctx.runner.waitFor(job.id, ctx.syncTimeoutMs);
      reply.header('location', location);
      if (finished.status === 'successful') return reply.status(200).send(finished.outputs ?? {});
      if (finished.status === 'failed') {
        return reply
          .status(500)
          .type('application/problem+json')
          .send({
            type: 'JobFailed',
            title: 'the job failed',
            status: 500,
            detail: finished.message ?? 'the job failed',
            jobID: finished.id,
          });
      }
      // Still running after the wait: hand over to asynchronous polling.
      return reply.status(201).send(statusInfo(finished, base));
    },
  );
};
