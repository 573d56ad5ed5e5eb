import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/**
 * Transactions need a bearer token. For now it is one static token from the config
 * (STYX_CATALOG_WRITE_TOKEN); JupyterHub tokens and scopes replace it in the Hub issue.
 * Reads stay public.
 */
export function requireWriteToken(expected: string | undefined) {
  const want = expected ? Buffer.from(expected) : undefined;
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedError();
    if (!want) {
      throw new ForbiddenError(
        'transactions are disabled on this catalog; its operator sets STYX_CATALOG_WRITE_TOKEN to enable them',
      );
    }
    const got = Buffer.from(match[1]);
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new UnauthorizedError('the bearer token is not valid for this catalog');
    }
  };
}
