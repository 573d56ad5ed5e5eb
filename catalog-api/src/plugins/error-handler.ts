import { HubAuthError } from '@styx/hub-auth';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StyxError } from '../errors.js';

/** Fastify's own 4xx codes for bad input, reworded so the message says what to fix. */
const FASTIFY_CLIENT_ERRORS: Record<string, (e: FastifyError) => string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'the request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'the request body is empty; send a JSON document',
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    'the request body is too large; send fewer items per request (see STYX_BODY_LIMIT)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => `${e.message}; send application/json`,
};

/**
 * One error handler (STYLE: three layers of errors): domain errors map to their status, bad
 * input to a 4xx saying what to fix, and anything else to a 500 whose details stay in the log.
 * The body follows STAC API's error shape, { code, description }.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof StyxError || error instanceof HubAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return reply
          .status(error.statusCode)
          .send({ code: error.code, description: error.message });
      }
      if (error.validation) {
        const where = error.validationContext ?? 'request';
        const details = error.validation
          .map((v) => {
            const unknown = (v.params as { additionalProperty?: string }).additionalProperty;
            if (v.keyword === 'additionalProperties' && unknown) {
              const what = where === 'querystring' ? 'query parameter' : 'member';
              return `unknown ${what} '${unknown}' in ${where}${v.instancePath || ''}`;
            }
            return `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`;
          })
          .join('; ');
        return reply.status(400).send({ code: 'InvalidQuery', description: details });
      }
      const reword = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
      if (reword || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
        return reply
          .status(error.statusCode ?? 400)
          .send({ code: 'BadRequest', description: reword ? reword(error) : error.message });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ code: 'InternalError', description: 'the catalog failed; the error is logged' });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        code: 'NotFound',
        description: `no such endpoint: ${request.method} ${request.url}`,
      }),
    );
  },
  { name: 'styx-error-handler' },
);
