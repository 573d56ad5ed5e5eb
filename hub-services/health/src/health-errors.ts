import { HubAuthError } from '@styx/hub-auth';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A coded domain error of the health service. */
export class HealthError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notAdmin = (what: string) =>
  new HealthError(403, 'Forbidden', `only JupyterHub admins may ${what}`);

/**
 * One error handler: domain and Hub errors to their status as problem details (RFC 9457), bad
 * input to 400 saying what to fix, the rest to a 500 whose details stay in the log.
 */
export const healthErrors = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const send = (status: number, type: string, detail: string) =>
        reply
          .status(status)
          .type('application/problem+json')
          .send({ type, title: type, status, detail });
      if (error instanceof HealthError) return send(error.statusCode, error.code, error.message);
      if (error instanceof HubAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return send(error.statusCode, error.code, error.message);
      }
      if (error.validation) {
        const where = error.validationContext ?? 'request';
        const detail = error.validation
          .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`)
          .join('; ');
        return send(400, 'InvalidParameterValue', detail);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return send(error.statusCode, 'BadRequest', error.message);
      request.log.error({ err: error }, 'unhandled error');
      return send(500, 'InternalError', 'the health service failed; the error is logged');
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'NotFound',
          title: 'NotFound',
          status: 404,
          detail: `no such endpoint: ${request.method} ${request.url}`,
        }),
    );
  },
  { name: 'styx-health-errors' },
);
