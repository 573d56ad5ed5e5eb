import { HubAuthError } from '@styx/hub-auth';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The gateway's coded errors. Jupyter Server answers errors as `{ message, reason }` (tornado's
 * HTTPError through `APIHandler.write_error`), and GatewayClient shows `message` to the user, so
 * that is the shape here too.
 */
export class GatewayError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Unknown here, or somebody else's: the two are the same answer (no leak of others' ids). */
export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super(404, 'Not Found', message);
  }
}

export class InvalidRequestError extends GatewayError {
  constructor(message: string) {
    super(400, 'Bad Request', message);
  }
}

export class ConflictError extends GatewayError {
  constructor(message: string) {
    super(409, 'Conflict', message);
  }
}

/** A kernel that did not start: the launcher failed, or did not register in time. */
export class KernelLaunchError extends GatewayError {
  constructor(message: string, statusCode = 500) {
    super(statusCode, statusCode === 504 ? 'Gateway Timeout' : 'Internal Server Error', message);
  }
}

/** One error handler: coded errors to their status, bad input to 400 saying what to fix. */
export const gatewayErrors = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const send = (status: number, reason: string, message: string) =>
        reply.status(status).send({ message, reason });
      if (error instanceof GatewayError) return send(error.statusCode, error.reason, error.message);
      if (error instanceof HubAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return send(error.statusCode, error.code, error.message);
      }
      if (error.validation) {
        const where = error.validationContext ?? 'request';
        const detail = error.validation
          .map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`)
          .join('; ');
        return send(400, 'Bad Request', detail);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return send(error.statusCode, 'Bad Request', error.message);
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(500, 'Internal Server Error', 'the kernels gateway failed; the error is logged');
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        message: `no such endpoint: ${request.method} ${request.url}`,
        reason: 'Not Found',
      }),
    );
  },
  { name: 'styx-gateway-errors', fastify: '5.x' },
);
