import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HealthContext } from '../context.js';
import { HealthError, notAdmin } from '../health-errors.js';
import type { MaintenanceWindow } from '../history/health-store.js';
import { COMPONENTS } from '../probes/probe.js';
import { isAdmin } from './viewer.js';

const MaintenanceBody = Type.Object(
  {
    /** Omitted: every component. */
    component: Type.Optional(Type.Enum([...COMPONENTS])),
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    endsAt: Type.String({ format: 'date-time' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

const view = (w: MaintenanceWindow) => ({
  id: w.id,
  component: w.component ?? null,
  startsAt: w.startsAt.toISOString(),
  endsAt: w.endsAt.toISOString(),
  reason: w.reason,
});

/**
 * Maintenance windows: failures inside one are still recorded and shown, but open no incident
 * and send no alert. Everyone may read them (a planned outage is news for users); only Hub
 * admins create and delete them.
 */
export const maintenanceRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.get('/maintenance', async () => ({
    maintenance: (await ctx.store.maintenanceWindows(new Date())).map(view),
  }));

  app.post(
    '/maintenance',
    { onRequest: app.requireScopes([]), schema: { body: MaintenanceBody } },
    async (request, reply) => {
      if (!(await isAdmin(request))) throw notAdmin('plan maintenance');
      const identity = await request.identity();
      const startsAt = request.body.startsAt ? new Date(request.body.startsAt) : new Date();
      const endsAt = new Date(request.body.endsAt);
      if (endsAt.getTime() <= startsAt.getTime())
        throw new HealthError(
          400,
          'InvalidParameterValue',
          'endsAt must be later than startsAt (or than now)',
        );
      const window = await ctx.store.addMaintenance({
        component: request.body.component,
        startsAt,
        endsAt,
        reason: request.body.reason,
        createdBy: identity?.name ?? 'unknown',
      });
      await ctx.monitor.refreshMaintenance();
      return reply
        .code(201)
        .header('location', `${ctx.baseUrl}maintenance/${window.id}`)
        .send(view(window));
    },
  );

  app.delete(
    '/maintenance/:id',
    {
      onRequest: app.requireScopes([]),
      schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) },
    },
    async (request, reply) => {
      if (!(await isAdmin(request))) throw notAdmin('end maintenance');
      if (!(await ctx.store.deleteMaintenance(request.params.id)))
        throw new HealthError(404, 'NotFound', `no maintenance window ${request.params.id}`);
      await ctx.monitor.refreshMaintenance();
      return reply.code(204).send();
    },
  );
};
