import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ProcessingContext } from '../context.js';
import { DEPLOY_SCOPE, EXCEPTION, processDescription, processSummary, statusInfo } from '../ogc.js';
import {
  CWL_MEDIA_TYPES,
  cwlFromAppPackage,
  OGC_APP_PACKAGE,
  processFromCwl,
} from '../processes/cwl/cwl-process.js';
import type { ProcessDefinition } from '../processes/process.js';
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

  /** The CWL document of a deployed process, as deployed. */
  app.get(
    '/processes/:processId/package',
    { schema: { params: ProcessIdParams } },
    async (request, reply) => {
      const process = find(request.params.processId);
      if (!process.package) {
        throw new ProcessingError(
          404,
          EXCEPTION.noSuchProcess,
          `'${process.id}' is built into Styx: it has no application package`,
        );
      }
      return reply.type(process.package.mediaType).send(process.package.document);
    },
  );

  /** A process from the request body: CWL text, or an OGC application package holding it. */
  const packageProcess = async (
    body: unknown,
    contentType: string | undefined,
    deployer: string,
  ): Promise<ProcessDefinition> => {
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (
      typeof body !== 'string' ||
      !(mediaType in CWL_MEDIA_TYPES || mediaType === OGC_APP_PACKAGE)
    ) {
      throw new ProcessingError(
        415,
        EXCEPTION.unsupportedMediaType,
        `send the CWL CommandLineTool as ${Object.keys(CWL_MEDIA_TYPES).join(', ')} or an ${OGC_APP_PACKAGE} holding it (got ${mediaType || 'no content type'})`,
      );
    }
    if (mediaType === OGC_APP_PACKAGE) {
      const unit = cwlFromAppPackage(body);
      return processFromCwl(unit.text, unit.mediaType, deployer);
    }
    return processFromCwl(body, mediaType, deployer);
  };

  // Deploy, Replace, Undeploy (OGC API – Processes Part 2).
  app.post(
    '/processes',
    { onRequest: app.requireScopes([DEPLOY_SCOPE]) },
    async (request, reply) => {
      const identity = await request.identity();
      if (!identity) throw new Error('deploy reached without an identity');
      const process = await packageProcess(
        request.body,
        request.headers['content-type'],
        identity.name,
      );
      await ctx.runner.registry.deploy(process);
      return reply
        .status(201)
        .header('location', `${base}processes/${process.id}`)
        .send(processSummary(process, base));
    },
  );

  app.put(
    '/processes/:processId',
    { onRequest: app.requireScopes([DEPLOY_SCOPE]), schema: { params: ProcessIdParams } },
    async (request, reply) => {
      const identity = await request.identity();
      if (!identity) throw new Error('replace reached without an identity');
      const process = await packageProcess(
        request.body,
        request.headers['content-type'],
        identity.name,
      );
      await ctx.runner.registry.replace(request.params.processId, process, identity);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/processes/:processId',
    { onRequest: app.requireScopes([DEPLOY_SCOPE]), schema: { params: ProcessIdParams } },
    async (request, reply) => {
      const identity = await request.identity();
      if (!identity) throw new Error('undeploy reached without an identity');
      await ctx.runner.registry.undeploy(request.params.processId, identity);
      return reply.status(204).send();
    },
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
