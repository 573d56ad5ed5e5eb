import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { holdsScope } from '@styx/hub-auth';
import { Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import { CATALOG_WRITE_SCOPE } from '../stac/scopes.js';

const Whoami = Type.Object({
  name: Type.String(),
  kind: Type.Union([Type.Literal('user'), Type.Literal('service')]),
  admin: Type.Boolean(),
  groups: Type.Array(Type.String()),
  /** Whether this caller may change the catalog (holds custom:styx:catalog:write). */
  canWrite: Type.Boolean(),
});

const ErrorBody = Type.Object({ code: Type.String(), description: Type.String() });

/**
 * `GET /whoami`: who the catalog takes the caller to be and whether they may write, so that a
 * client (the JupyterLab panel) can say so before a write fails. A browser without
 * credentials is sent through the Hub's login and comes back here.
 */
export const whoamiRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app) => {
  app.get(
    '/whoami',
    {
      onRequest: app.requireScopes([], { browserLogin: true }),
      schema: {
        summary: 'The caller, as the catalog sees them',
        tags: ['Identity'],
        security: [{ bearerAuth: [] }],
        response: { 200: Whoami, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const identity = await request.identity();
      // requireScopes has already refused a request without one.
      if (!identity) throw new Error('whoami reached without an identity');
      return {
        name: identity.name,
        kind: identity.kind,
        admin: identity.admin,
        groups: identity.groups,
        canWrite: holdsScope(identity.scopes, CATALOG_WRITE_SCOPE),
      };
    },
  );
};
