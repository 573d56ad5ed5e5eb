import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { administeredGroups } from '../admins/admin-rights.js';
import type { EnvironmentsContext } from '../context.js';
import { forbidden } from '../environments-errors.js';
import type { HubActionResult } from '../hub/hub-servers-client.js';
import { requireHub, requireManager, requireManages } from './callers.js';

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
 * is audited with its results. A delegated admin acts on the users of their groups only (a
 * request naming anyone else is refused whole), and adds users to a group they administer
 * only those already in one of their groups.
 */
export const bulkRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  app.addHook('onRequest', app.requireScopes([]));

  app.post('/api/bulk', { schema: { body: BulkAction } }, async (request) => {
    const manager = await requireManager(ctx, request);
    const identity = manager.identity;
    const hub = requireHub(ctx);
    const body = request.body;
    if (body.action === 'add-to-group' && manager.rights.role !== 'admin') {
      const groups = administeredGroups(manager.rights);
      if (!groups.includes(body.group))
        throw forbidden(
          `${identity.name} may add users to ${groups.join(', ')} only, not to ${body.group}`,
        );
    }
    await requireManages(
      ctx,
      manager,
      body.action === 'add-to-group' ? body.users : body.servers.map((s) => s.user),
    );
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
              : await hub.startServer(user, server, body.profile ? { profile: body.profile } : {});
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
  });
};
