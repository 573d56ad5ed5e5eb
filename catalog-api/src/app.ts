import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CatalogContext } from './app-context.js';
import { PgstacCatalog } from './catalog/pgstac-catalog.js';
import type { CatalogDatabase } from './db/database.js';
import errorHandler from './plugins/error-handler.js';
import { aggregationRoutes } from './routes/aggregation.js';
import { collectionRoutes } from './routes/collections.js';
import { demoFileRoutes } from './routes/demo-files.js';
import { landingRoutes } from './routes/landing.js';
import { queryablesRoutes } from './routes/queryables.js';
import { searchRoutes } from './routes/search.js';
import { transactionRoutes } from './routes/transactions.js';
import { ItemSearch } from './stac/item-search.js';
import { DEMO_FILES_PATH, MEDIA } from './stac/links.js';

export interface AppOptions {
  db: CatalogDatabase;
  /** Public URL, ending with '/'. */
  baseUrl: string;
  title?: string;
  writeToken?: string | undefined;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /**
   * The demo's data directory (`<dataDir>/demo`), served read-only at `<baseUrl>files/demo/`
   * for the demo's asset hrefs. Unset: no such route.
   */
  demoFilesDir?: string | undefined;
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
    search: new ItemSearch(catalog, options.baseUrl),
    baseUrl: options.baseUrl,
    title: options.title ?? 'Styx hydrology catalog',
    writeToken: options.writeToken,
  };

  await app.register(errorHandler);
  // Browser clients (STAC Browser, the JupyterLab extension on another origin) read the catalog.
  // Range reads of asset files (geotiff.js, GDAL) need the range headers exposed too.
  await app.register(cors, {
    origin: true,
    exposedHeaders: ['location', 'content-range', 'accept-ranges'],
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: ctx.title,
        description: 'STAC API 1.0.0 and OGC API Features over PgSTAC, by Styx.',
        version: '0.1.0',
      },
      servers: [{ url: options.baseUrl }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api.html',
    uiConfig: { url: `${options.baseUrl}api` },
  });
  app.get('/api', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(MEDIA.openapi).send(app.swagger()),
  );

  await app.register(landingRoutes, ctx);
  await app.register(collectionRoutes, ctx);
  await app.register(searchRoutes, ctx);
  await app.register(queryablesRoutes, ctx);
  await app.register(aggregationRoutes, ctx);
  await app.register(transactionRoutes, ctx);
  if (options.demoFilesDir) {
    await app.register(demoFileRoutes, {
      prefix: `/${DEMO_FILES_PATH.replace(/\/$/, '')}`,
      root: options.demoFilesDir,
    });
  }
  return app;
}
