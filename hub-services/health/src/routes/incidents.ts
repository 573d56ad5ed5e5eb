import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { traceUrlFor } from '@styx/tracing';
import { Type } from 'typebox';
import type { HealthContext } from '../context.js';
import { isAdmin } from './viewer.js';

/**
 * GET /incidents: open ones and those closed within `days`, newest first. Everyone sees the
 * incidents of public probes without their error text; admins see all, with the error and the
 * failing check's trace.
 */
export const incidentRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.get(
    '/incidents',
    {
      schema: {
        querystring: Type.Object({
          state: Type.Optional(Type.Enum(['open', 'closed', 'all'])),
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 400 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (request) => {
      const admin = await isAdmin(request);
      const incidents = await ctx.store.incidents({
        ...(admin ? {} : { audience: 'public' as const }),
        state: request.query.state ?? 'all',
        sinceDays: request.query.days ?? 90,
        limit: request.query.limit ?? 100,
      });
      return {
        incidents: incidents.map((i) => ({
          id: i.id,
          component: i.component,
          probe: i.probeId,
          description: i.description,
          state: i.closedAt ? 'closed' : 'open',
          openedAt: i.openedAt.toISOString(),
          closedAt: i.closedAt?.toISOString() ?? null,
          // The failure that opened it, and its trace (a link when STYX_TRACE_URL is set).
          ...(admin
            ? {
                message: i.message ?? null,
                traceId: i.traceId ?? null,
                traceUrl: traceUrlFor(ctx.traceUrl, i.traceId) ?? null,
              }
            : {}),
        })),
      };
    },
  );
};
