import { HubAuthError } from '@styx/hub-auth';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A coded domain error: its status and a short code, and a sentence that says what to do. */
export class EnvironmentsError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const notFound = (message: string) => new EnvironmentsError(404, 'NotFound', message);
export const conflict = (message: string) => new EnvironmentsError(409, 'Conflict', message);
export const forbidden = (message: string) => new EnvironmentsError(403, 'Forbidden', message);
export const invalid = (message: string) => new EnvironmentsError(400, 'InvalidRequest', message);

/**
 * One error handler: domain and authentication errors to their status as `{ code, description }`
 * (the shape the catalog and hub-auth use); schema failures to 400 naming each bad field; the
 * rest to a 500 whose details stay in the log.
 */
export const environmentsErrors = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const send = (status: number, code: string, description: string) =>
        reply.status(status).send({ code, description });
      if (error instanceof EnvironmentsError)
        return send(error.statusCode, error.code, error.message);
      if (error instanceof HubAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return send(error.statusCode, error.code, error.message);
      }
      if (error.validation) {
        const where = error.validationContext ?? 'request';
        const detail = error.validation
          .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`)
          .join('; ');
        return send(400, 'InvalidRequest', detail);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return send(error.statusCode, 'BadRequest', error.message);
      request.log.error({ err: error }, 'unhandled error');
      return send(500, 'InternalError', 'the environments service failed; the error is logged');
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        code: 'NotFound',
        description: `no such endpoint: ${request.method} ${request.url}`,
      }),
    );
  },
  { name: 'styx-environments-errors' },
);
