import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnvironmentsContext } from '../context.js';

/** What the service offers, with links. Public (it names endpoints, not data). */
export const landingRoutes: FastifyPluginAsyncTypebox<EnvironmentsContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.get('/', async () => ({
    title: 'Styx environments',
    description:
      "Environment profiles users pick at spawn (admins define them), quotas, usage, the users table and bulk server actions, for Hub admins and each group's delegated admins.",
    links: [
      { rel: 'self', type: 'application/json', href: base },
      { rel: 'profiles', type: 'application/json', href: `${base}api/profiles` },
      { rel: 'my-profiles', type: 'application/json', href: `${base}api/profiles/mine` },
      { rel: 'me', type: 'application/json', href: `${base}api/me` },
      { rel: 'users', type: 'application/json', href: `${base}api/users` },
      { rel: 'group-admins', type: 'application/json', href: `${base}api/group-admins` },
      { rel: 'quotas', type: 'application/json', href: `${base}api/quotas` },
      { rel: 'my-usage', type: 'application/json', href: `${base}api/usage/mine` },
      { rel: 'usage-report', type: 'text/csv', href: `${base}api/usage.csv` },
      { rel: 'audit', type: 'application/json', href: `${base}api/audit` },
    ],
  }));
};
