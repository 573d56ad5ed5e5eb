import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HealthContext } from '../context.js';
import { componentsOf } from '../monitor/health-report.js';
import { PUBLIC_COMPONENTS } from '../probes/probe.js';
import { isAdmin } from './viewer.js';

/**
 * GET /uptime: per component, the share of checks that did not fail, per UTC day and over the
 * whole window (90 days by default), from the hourly roll-ups. Public components for everyone,
 * all of them for admins.
 */
export const uptimeRoutes: FastifyPluginAsyncTypebox<HealthContext> = async (app, ctx) => {
  app.get(
    '/uptime',
    {
      schema: {
        querystring: Type.Object({
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 400 })),
        }),
      },
    },
    async (request) => {
      const days = request.query.days ?? 90;
      const admin = await isAdmin(request);
      const components = componentsOf(ctx.monitor.probes).filter(
        (c) => admin || PUBLIC_COMPONENTS.includes(c),
      );
      const daily = await ctx.store.dailyUptime(days, components);
      return {
        days,
        components: components.map((component) => {
          const own = daily.filter((d) => d.component === component);
          const checks = own.reduce((n, d) => n + d.checks, 0);
          const ok = own.reduce((n, d) => n + d.uptime * d.checks, 0);
          return {
            component,
            uptime: checks === 0 ? null : ok / checks,
            days: own.map((d) => ({
              day: d.day.toISOString().slice(0, 10),
              uptime: d.uptime,
              checks: d.checks,
            })),
          };
        }),
      };
    },
  );
};
