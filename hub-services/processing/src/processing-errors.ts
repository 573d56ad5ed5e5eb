import { HubAuthError } from '@styx/hub-auth';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobSubmitError } from './backends/job-backend.js';
import { InvalidExecutionError, TooManyJobsError } from './jobs/job-runner.js';
import { EXCEPTION } from './ogc.js';
import { CwlPackageError } from './processes/cwl/cwl-subset.js';
import { ProcessRegistryError } from './processes/process-registry.js';

/** An OGC exception (RFC 7807 problem details, as OGC API – Processes §7.4 uses them). */
export class ProcessingError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One error handler: domain errors to their status in the OGC exception shape
 * `{ type, title, status, detail }`; bad input to 400 saying what to fix; the rest to a 500
 * whose details stay in the log.
 */
export const processingErrors = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const send = (status: number, type: string, title: string, detail: string) =>
        reply.status(status).type('application/problem+json').send({ type, title, status, detail });
      if (error instanceof ProcessingError)
        return send(error.statusCode, error.type, error.message, error.message);
      if (error instanceof HubAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return send(error.statusCode, error.code, error.code, error.message);
      }
      if (error instanceof CwlPackageError)
        return send(
          400,
          'InvalidApplicationPackage',
          'the application package cannot be deployed',
          error.message,
        );
      if (error instanceof ProcessRegistryError) {
        const type =
          error.statusCode === 409
            ? EXCEPTION.duplicatedProcess
            : error.statusCode === 403
              ? EXCEPTION.immutableProcess
              : EXCEPTION.noSuchProcess;
        return send(error.statusCode, type, error.message, error.message);
      }
      if (error instanceof InvalidExecutionError)
        return send(400, 'InvalidParameterValue', 'invalid inputs', error.message);
      if (error instanceof TooManyJobsError)
        return send(429, 'TooManyJobs', 'too many unfinished jobs', error.message);
      if (error instanceof JobSubmitError)
        return send(400, 'JobSubmitError', 'the job cannot run', error.message);
      if (error.validation) {
        const where = error.validationContext ?? 'request';
        const detail = error.validation
          .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`)
          .join('; ');
        return send(400, 'InvalidParameterValue', 'invalid request', detail);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return send(error.statusCode, 'BadRequest', 'bad request', error.message);
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(500, 'InternalError', 'the processing service failed', 'the error is logged');
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'NotFound',
          title: 'not found',
          status: 404,
          detail: `no such endpoint: ${request.method} ${request.url}`,
        }),
    );
  },
  { name: 'styx-processing-errors' },
);
