import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type HubIdentity, type HubServiceConfig, hubAuth } from '@styx/hub-auth';
import { serviceHealth } from '@styx/service-health';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GroupAdminStore } from './admins/group-admin-store.js';
import type { EnvironmentsContext } from './context.js';
import { environmentsErrors } from './environments-errors.js';
import type { HubServersClient } from './hub/hub-servers-client.js';
import type { ProfileStore } from './profiles/profile-store.js';
import { bulkRoutes } from './routes/bulk.js';
import { groupAdminRoutes } from './routes/group-admins.js';
import { landingRoutes } from './routes/landing.js';
import { profileRoutes } from './routes/profiles.js';
import { spawnHookRoutes } from './routes/spawn-hooks.js';
import { usageRoutes } from './routes/usage.js';
import { userRoutes } from './routes/users.js';
import type { QuotaStore } from './usage/quota-store.js';
import type { UsageLedger } from './usage/usage-ledger.js';

export interface EnvironmentsAppOptions {
  profiles: ProfileStore;
  quotas: QuotaStore;
  ledger: UsageLedger;
  groupAdmins: GroupAdminStore;
  /** Public URL, ending with '/'. */
  baseUrl: string;
  hub?: HubServiceConfig | undefined;
  /** The Hub's REST API as this service, for bulk actions. */
  hubServers?: HubServersClient | undefined;
  /** Without a Hub (tests, a laptop): fixed tokens and whom they stand for. */
  staticTokens?: Array<{ token: string; identity: HubIdentity }>;
  /** Without a Hub: the service name whose token plays the spawn hook. */
  hookService?: string;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  fetch?: typeof fetch;
}

/**
 * The environments service, a JupyterHub service like processing: plugins (errors, Hub
 * authentication), then routes under the service prefix. Never listens.
 */
export async function buildEnvironmentsApp(
  options: EnvironmentsAppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // Query strings are text (`?version=2` must validate as an integer); bodies are JSON and
    // validated as sent (no coercion), defaults filled in.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(environmentsErrors);
  // /livez, /readyz (its database answers) and /metrics, before the routes so that each route's
  // request counters exist from the start.
  await app.register(serviceHealth, {
    service: 'environments',
    prefix: options.hub?.prefix ?? '/',
    readiness: [{ name: 'database', check: () => options.profiles.get('') }],
  });
  await app.register(hubAuth, {
    hub: options.hub,
    staticTokens: options.staticTokens ?? [],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const ctx: EnvironmentsContext = {
    profiles: options.profiles,
    quotas: options.quotas,
    ledger: options.ledger,
    groupAdmins: options.groupAdmins,
    hub: options.hubServers,
    baseUrl: options.baseUrl,
    hookService: options.hub?.name ?? options.hookService ?? 'environments',
    now: options.now ?? (() => new Date()),
  };
  await app.register(
    async (scoped) => {
      await scoped.register(landingRoutes, ctx);
      await scoped.register(profileRoutes, ctx);
      await scoped.register(spawnHookRoutes, ctx);
      await scoped.register(usageRoutes, ctx);
      await scoped.register(bulkRoutes, ctx);
      await scoped.register(userRoutes, ctx);
      await scoped.register(groupAdminRoutes, ctx);
    },
    { prefix: options.hub?.prefix.replace(/\/$/, '') ?? '' },
  );
  return app;
}
