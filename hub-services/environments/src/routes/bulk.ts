import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { EnvironmentsContext } from '../context.js';
import { EnvironmentsError } from '../environments-errors.js';
import type { HubActionResult } from '../hub/hub-servers-client.js';
import { requireAdmin } from './callers.js';

const User = Type.String({ minLength: 1, maxLength: 255 });
const ServerRef = Type.Object(
  // No default: ajv ignores defaults inside a union's branches. Absent: the default server.
  { user: User, server: Type.Optional(Type.String({ maxLength: 255 })) },
  { additionalProperties: false },
);
const Servers = Type.Array(ServerRef, { minItems: 1, maxItems: 500 });

const BulkAction = Type.Union([
  Type.Object({ action: Type.Literal('stop'), servers: Servers }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('start'),
      servers: Servers,
      /** Started with this profile (the spawn hook still checks it for each user). */
      profile: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      action: Type.Literal('delete'),
      servers: Type.Array(
        Type.Object(
          { user: User, server: Type.String({ minLength: 1, maxLength: 255 }) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 500 },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      action: Type.Literal('add-to-group'),
      group: Type.String({ minLength: 1, maxLength: 255 }),
      users: Type.Array(User, { minItems: 1, maxItems: 500, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
]);

/**
 * Bulk actions on users' servers through the Hub's REST API, one item at a time: every item has
 * its own result (a server that is already stopped does not fail the others), and the action
 * is audited with its results.
 */
export const bulkRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));

  app.post(
    '/api/bulk',
    { preHandler: requireAdmin, schema: { body: BulkAction } },
    async (request) => {
      const identity = await requireAdmin(request);
      const hub = ctx.hub;
      if (!hub)
        throw new EnvironmentsError(
          503,
          'NoHub',
          'bulk actions go through the Hub; this service runs without one',
        );
      const body = request.body;
      const results: Array<Record<string, unknown> & HubActionResult> = [];
      if (body.action === 'add-to-group') {
        for (const user of body.users)
          results.push({ user, group: body.group, ...(await hub.addToGroup(body.group, user)) });
      } else {
        for (const { user, server = '' } of body.servers) {
          const result =
            body.action === 'stop'
              ? await hub.stopServer(user, server)
              : body.action === 'delete'
                ? await hub.deleteServer(user, server)
                : await hub.startServer(
                    user,
                    server,
                    body.profile ? { profile: body.profile } : {},
                  );
          results.push({ user, server, ...result });
        }
      }
      await ctx.profiles.record(identity.name, `bulk-${body.action}`, 'servers', {
        request: body,
        results,
      });
      return {
        action: body.action,
        succeeded: results.filter((r) => r.ok).length,
        failed: results.filter((r) => !r.ok).length,
        results,
      };
    },
  );
};
