import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { CATALOG_WRITE_SCOPE } from '../stac/scopes.js';

/**
 * What a transaction needs: the Hub scope custom:styx:catalog:write (under JupyterHub), or the
 * standalone write token, which stands for that scope. A standalone catalog without a write
 * token refuses every transaction, and says how to turn them on. Reads stay public.
 */
export function requireCatalogWrite(
  app: FastifyInstance,
  writesEnabled: boolean,
): onRequestHookHandler {
  if (writesEnabled) return app.requireScopes([CATALOG_WRITE_SCOPE]);
  return async (request) => {
    if (!request.headers.authorization) throw new UnauthorizedError();
    throw new ForbiddenError(
      'transactions are disabled on this catalog; its operator sets STYX_CATALOG_WRITE_TOKEN to enable them',
    );
  };
}
