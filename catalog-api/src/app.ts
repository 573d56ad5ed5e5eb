import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type HubServiceConfig, hubAuth } from '@styx/hub-auth';
import { serviceHealth } from '@styx/service-health';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CatalogContext } from './app-context.js';
import { PgstacCatalog } from './catalog/pgstac-catalog.js';
import type { CatalogDatabase } from './db/database.js';
import { buildFederatedSearch } from './federation/index.js';
import errorHandler from './plugins/error-handler.js';
import { aggregationRoutes } from './routes/aggregation.js';
import { basketRoutes } from './routes/basket.js';
import { collectionRoutes } from './routes/collections.js';
import { demoFileRoutes } from './routes/demo-files.js';
import { landingRoutes } from './routes/landing.js';
import { queryablesRoutes } from './routes/queryables.js';
import { searchRoutes } from './routes/search.js';
import { thesaurusRoutes } from './routes/thesaurus.js';
import { tileRoutes } from './routes/tiles.js';
import { transactionRoutes } from './routes/transactions.js';
import { webViewRoutes } from './routes/web-view.js';
import { whoamiRoutes } from './routes/whoami.js';
import type { ProviderConfig } from './schemas/federation.js';
import { ItemSearch } from './stac/item-search.js';
import { DEMO_FILES_PATH, MEDIA } from './stac/links.js';
import { CATALOG_WRITE_SCOPE } from './stac/scopes.js';
import type { Thesaurus } from './thesaurus/index.js';
import { CogCache } from './tiles/cog-cache.js';
import { WEB_VIEW_PATH } from './web/index.js';

export interface AppOptions {
  db: CatalogDatabase;
  /** Public URL, ending with '/'. */
  baseUrl: string;
  title?: string;
  /**
   * Under JupyterHub: who may do what is the Hub's to say (tokens, OAuth, scopes), and every
   * route is served under the service's prefix.
   */
  hub?: HubServiceConfig | undefined;
  /** Standalone: the one bearer token that may write. Ignored under a Hub. */
  writeToken?: string | undefined;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /**
   * The demo's data directory (`<dataDir>/demo`), served read-only at `<baseUrl>files/demo/`
   * for the demo's asset hrefs. Unset: no such route.
   */
  demoFilesDir?: string | undefined;
  /**
   * The SKOS vocabulary that expands free-text searches and is served at `<baseUrl>thesaurus`.
   * Unset: searches are not expanded and there is no such route.
   */
  thesaurus?: Thesaurus | undefined;
  /**
   * Remote providers that /search and collection search also ask (STYX_FEDERATION), beside the
   * local catalog. Unset: no federation, and no `providers` parameter.
   */
  federation?: ProviderConfig[] | undefined;
}

/**
 * Builds the catalog app: plugins, then routes. It never listens (server.ts does), so tests
 * build it and call `app.inject`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024,
    // STAC ids may contain characters such as ':'; keep URLs exactly as sent.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const catalog = new PgstacCatalog(options.db);
  const ctx: CatalogContext = {
    catalog,
    search: new ItemSearch(catalog, options.baseUrl, options.thesaurus),
    baseUrl: options.baseUrl,
    title: options.title ?? 'Styx hydrology catalog',
    writesEnabled: Boolean(options.hub || options.writeToken),
    thesaurus: options.thesaurus,
  };
  if (options.federation) {
    ctx.federation = buildFederatedSearch({
      providers: options.federation,
      title: ctx.title,
      search: ctx.search,
      catalog,
      baseUrl: options.baseUrl,
    });
  }

  await app.register(errorHandler);
  // /livez, /readyz (the read pool answers) and /metrics, before the routes so that each
  // route's request counters exist from the start.
  await app.register(serviceHealth, {
    service: 'catalog',
    prefix: options.hub?.prefix ?? '/',
    readiness: [{ name: 'database', check: () => options.db.read('SELECT 1') }],
  });
  await app.register(hubAuth, {
    hub: options.hub,
    staticTokens: options.writeToken
      ? [
          {
            token: options.writeToken,
            identity: {
              kind: 'service',
              name: 'the catalog write token',
              admin: false,
              groups: [],
              scopes: [CATALOG_WRITE_SCOPE],
            },
          },
        ]
      : [],
  });
  // Browser clients (STAC Browser, the JupyterLab extension on another origin) read the catalog.
  // Range reads of asset files (geotiff.js, GDAL) need the range headers exposed too.
  await app.register(cors, {
    origin: true,
    exposedHeaders: ['location', 'content-range', 'accept-ranges'],
  });
  // Under the Hub the proxy keeps the service prefix on every path, so the routes live under it.
  const prefix = options.hub?.prefix.replace(/\/$/, '') ?? '';
  await app.register(swagger, {
    // OpenAPI paths are relative to the server URL (the public URL, prefix included).
    transform: ({ schema, url }) => ({
      schema,
      url: prefix && url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url,
    }),
    openapi: {
      openapi: '3.0.3',
      info: {
        title: ctx.title,
        description: [
          'STAC API 1.0.0 and OGC API Features over PgSTAC, by Styx.',
          options.thesaurus
            ? 'Free text (q) on item search, collection search and aggregation is expanded with the SKOS thesaurus served at /thesaurus: a term that names a concept also finds its synonyms and narrower concepts. thesaurus=false (or "thesaurus": false in a POST body) searches q as given; a response whose q was expanded says how in its top-level styx:thesaurus member.'
            : '',
          options.federation
            ? `Federated search: /search and collection search (/collections with q, bbox, datetime or filter) also ask the providers ${options.federation.map((p) => p.id).join(', ')} beside this catalog (local); providers=local,<id>... (or "providers": [...] in a POST body) chooses among them. Their items keep their ids, carry properties.styx:provider, and their collection is named <provider>:<collection> (which the collections parameter takes too). Each response says how every provider answered in its top-level styx:providers member (ok, timeout, error, skipped); a provider that fails costs its own results only.`
            : '',
        ]
          .filter(Boolean)
          .join(' '),
        version: '0.1.0',
      },
      servers: [{ url: options.baseUrl }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(
    async (scoped) => {
      await scoped.register(swaggerUi, {
        routePrefix: '/api.html',
        uiConfig: { url: `${options.baseUrl}api` },
      });
      scoped.get('/api', { schema: { hide: true } }, async (_request, reply) =>
        reply.type(MEDIA.openapi).send(app.swagger()),
      );
      await scoped.register(landingRoutes, ctx);
      await scoped.register(collectionRoutes, ctx);
      await scoped.register(searchRoutes, ctx);
      await scoped.register(queryablesRoutes, ctx);
      await scoped.register(aggregationRoutes, ctx);
      await scoped.register(transactionRoutes, ctx);
      await scoped.register(whoamiRoutes, ctx);
      // Each user's basket of assets to download; the demo's files are read from disk.
      await scoped.register(basketRoutes, {
        ...ctx,
        localAssets: options.demoFilesDir
          ? [{ urlPrefix: `${options.baseUrl}${DEMO_FILES_PATH}`, dir: options.demoFilesDir }]
          : [],
      });
      // The web view for plain browsers (the landing page sends them there).
      await scoped.register(webViewRoutes, {
        ...ctx,
        apiPrefix: prefix,
        prefix: `/${WEB_VIEW_PATH.replace(/\/$/, '')}`,
      });
      // Map tiles of items' COG assets; the demo's own files are read from disk.
      await scoped.register(tileRoutes, {
        ...ctx,
        cogs: new CogCache({
          localFiles: options.demoFilesDir
            ? { urlPrefix: `${options.baseUrl}${DEMO_FILES_PATH}`, root: options.demoFilesDir }
            : undefined,
        }),
      });
      if (ctx.thesaurus)
        await scoped.register(thesaurusRoutes, { ...ctx, thesaurus: ctx.thesaurus });
      if (options.demoFilesDir) {
        await scoped.register(demoFileRoutes, {
          prefix: `/${DEMO_FILES_PATH.replace(/\/$/, '')}`,
          root: options.demoFilesDir,
        });
      }
    },
    { prefix },
  );
  return app;
}
