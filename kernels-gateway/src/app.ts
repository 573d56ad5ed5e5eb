import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import { type HubIdentity, type HubServiceConfig, hubAuth } from '@styx/hub-auth';
import { serviceHealth } from '@styx/service-health';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GatewayContext } from './context.js';
import { gatewayErrors } from './errors.js';
import type { KernelService } from './kernels/kernel-service.js';
import type { KernelSpecs } from './kernels/kernel-specs.js';
import type { Registrations } from './kernels/registrations.js';
import type { MountService } from './mounts/mount-service.js';
import { V1_SUBPROTOCOL } from './protocol/websocket-framing.js';
import { channelRoutes } from './routes/channels.js';
import { kernelRoutes } from './routes/kernels.js';
import { kernelSpecRoutes } from './routes/kernelspecs.js';
import { mountRoutes } from './routes/mounts.js';
import { registrationRoutes } from './routes/registrations.js';

export interface GatewayAppOptions {
  kernels: KernelService;
  specs: KernelSpecs;
  registrations: Registrations;
  hub?: HubServiceConfig | undefined;
  /** Without a Hub (tests, a laptop): fixed tokens and whom they stand for. */
  staticTokens?: Array<{ token: string; identity: HubIdentity }>;
  /** The users' dataset mounts; without it, the gateway serves kernels only. */
  mounts?: MountService | undefined;
  logger?: FastifyServerOptions['logger'];
  fetch?: typeof fetch;
}

/** The version of the Jupyter Server REST API this gateway speaks (GET /api). */
export const JUPYTER_SERVER_API_VERSION = '2.17.0';

/**
 * The kernels gateway, a JupyterHub service: plugins (errors, Hub authentication, websockets),
 * then the Jupyter Server gateway routes under the service prefix. Never listens.
 */
export async function buildGatewayApp(options: GatewayAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // No removeAdditional: with allErrors, ajv would strip a union's other branch's properties
    // while trying the first (an S3 mount source losing its url to the POSIX branch).
    ajv: { customOptions: { coerceTypes: true, allErrors: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(gatewayErrors);
  // /livez, /readyz and /metrics, before the routes so that each route's request counters exist
  // from the start. Nothing outside the process is needed to accept a kernel request (a
  // provisioner's own backend is checked when it starts a kernel), so readiness is liveness.
  await app.register(serviceHealth, { service: 'kernels', prefix: options.hub?.prefix ?? '/' });
  // Jupyter clients POST JSON without saying so (a string body in fetch() goes out as
  // text/plain) and send DELETE with a JSON type and no body; Jupyter Server reads any body as
  // JSON, an empty one as none. So does this.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string', bodyLimit: 1024 * 1024 },
    (_request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        const error = new Error('the request body is not JSON') as Error & { statusCode: number };
        error.statusCode = 400;
        done(error, undefined);
      }
    },
  );
  await app.register(hubAuth, {
    hub: options.hub,
    staticTokens: options.staticTokens ?? [],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await app.register(websocket, {
    options: {
      maxPayload: 256 * 1024 * 1024,
      // Jupyter Server's choice: the v1 kernel protocol when the client offers it.
      handleProtocols: (protocols) => (protocols.has(V1_SUBPROTOCOL) ? V1_SUBPROTOCOL : false),
    },
  });
  const prefix = options.hub?.prefix ?? '/';
  const ctx: GatewayContext = {
    kernels: options.kernels,
    specs: options.specs,
    registrations: options.registrations,
    servicePrefix: prefix,
  };
  await app.register(
    async (scoped) => {
      // Unauthenticated, as Jupyter Server's: what this is and which API version it speaks.
      scoped.get('/api', async () => ({ version: JUPYTER_SERVER_API_VERSION }));
      scoped.get('/', async () => ({
        service: 'Styx kernels gateway',
        api: `${prefix}api/`,
        version: JUPYTER_SERVER_API_VERSION,
      }));
      await scoped.register(kernelSpecRoutes, ctx);
      await scoped.register(kernelRoutes, ctx);
      await scoped.register(channelRoutes, ctx);
      await scoped.register(registrationRoutes, ctx);
      if (options.mounts) await scoped.register(mountRoutes, { mounts: options.mounts });
    },
    { prefix: prefix.replace(/\/$/, '') },
  );
  return app;
}
