import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { GroupAdminsInput } from '../admins/group-admins.js';
import type { EnvironmentsContext } from '../context.js';
import { notFound } from '../environments-errors.js';
import { requireAdmin } from './callers.js';

const GroupParams = Type.Object({ group: Type.String({ minLength: 1, maxLength: 255 }) });

/**
 * Each Hub group's delegated admins, as data: only Hub admins set them, and every change is
 * an audit record (`group-admins:<group>`), as profiles and quotas are.
 */
export const groupAdminRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (
  app,
  ctx,
) => {
  app.addHook('onRequest', app.requireScopes([]));
  app.addHook('preHandler', requireAdmin);

  app.get('/api/group-admins', async () => ({ groupAdmins: await ctx.groupAdmins.list() }));

  app.get('/api/group-admins/:group', { schema: { params: GroupParams } }, async (request) => {
    const found = await ctx.groupAdmins.get(request.params.group);
    if (!found) throw notFound(`group ${request.params.group} has no delegated admins`);
    return found;
  });

  app.put(
    '/api/group-admins/:group',
    { schema: { params: GroupParams, body: GroupAdminsInput } },
    async (request) => {
      const identity = await requireAdmin(request);
      const { group } = request.params;
      const before = await ctx.groupAdmins.get(group);
      const after = await ctx.groupAdmins.put(group, request.body, identity.name);
      const strip = (g: typeof after | undefined) =>
        g
          ? {
              users: g.users,
              hubGroups: g.hubGroups,
              mayEditProfiles: g.mayEditProfiles,
              mayEditQuotas: g.mayEditQuotas,
            }
          : null;
      await ctx.profiles.record(
        identity.name,
        before ? 'update' : 'create',
        `group-admins:${group}`,
        { from: strip(before), to: strip(after) },
      );
      return after;
    },
  );

  app.delete(
    '/api/group-admins/:group',
    { schema: { params: GroupParams } },
    async (request, reply) => {
      const identity = await requireAdmin(request);
      const { group } = request.params;
      const before = await ctx.groupAdmins.get(group);
      if (!before || !(await ctx.groupAdmins.remove(group)))
        throw notFound(`group ${group} has no delegated admins`);
      await ctx.profiles.record(identity.name, 'delete', `group-admins:${group}`, { from: before });
      return reply.status(204).send();
    },
  );
};
