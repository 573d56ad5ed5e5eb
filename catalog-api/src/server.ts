// First: traces (when OTEL_* asks for them) must start before fastify and pg load.
import '@styx/tracing/register';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { PgstacCatalog } from './catalog/pgstac-catalog.js';
import { ConfigError, loadConfig } from './config.js';
import { openCatalogDatabase } from './db/open-database.js';
import { demoDataDir, loadDemoCatalog } from './loader/demo-loader.js';
import { DEMO_FILES_PATH } from './stac/links.js';
import { loadThesaurusFile, SkosParseError, type Thesaurus } from './thesaurus/index.js';

/**
 * The catalog process: read the configuration once, open the database (PGlite or PostgreSQL),
 * bring PgSTAC up to date, load the demo catalog into an empty embedded database, listen, and
 * close cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`styx catalog: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const say = (message: string) => console.log(`[catalog] ${message}`);
  let thesaurus: Thesaurus | undefined;
  if (config.thesaurusPath) {
    try {
      thesaurus = await loadThesaurusFile(config.thesaurusPath);
    } catch (error) {
      if (error instanceof SkosParseError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        console.error(`styx catalog: STYX_THESAURUS: ${(error as Error).message}`);
        process.exit(2);
      }
      throw error;
    }
    say(`thesaurus: ${thesaurus.size} concepts from ${config.thesaurusPath}`);
  }
  say(
    config.database.kind === 'pglite'
      ? `embedded PgSTAC (PGlite) in ${config.database.dataDir}`
      : 'PgSTAC on PostgreSQL',
  );
  const db = await openCatalogDatabase(config, say);
  const catalog = new PgstacCatalog(db);
  const empty = (await catalog.collectionIds()).length === 0;
  if (config.demo === 'on' || (config.demo === 'auto' && empty)) {
    say('loading the demo hydrology catalog (synthetic data; first run only)...');
    const result = await loadDemoCatalog(catalog, {
      dataDir: config.dataDir,
      publicUrl: config.serveDemoFiles ? config.publicUrl : undefined,
      log: say,
    });
    say(
      `demo catalog: ${result.items} items in ${result.collections} collections, ${result.seconds.toFixed(1)} s`,
    );
  }

  const app: FastifyInstance = await buildApp({
    db,
    baseUrl: config.publicUrl,
    title: config.title,
    hub: config.hub,
    writeToken: config.writeToken,
    bodyLimit: config.bodyLimit,
    logger: { level: config.logLevel },
    demoFilesDir: config.serveDemoFiles ? demoDataDir(config.dataDir) : undefined,
    thesaurus,
    federation: config.federation,
  });
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  say(`STAC API ready at ${config.publicUrl} (direct: http://${config.host}:${config.port}/)`);
  if (config.serveDemoFiles) {
    say(
      `demo files served at ${config.publicUrl}${DEMO_FILES_PATH} from ${demoDataDir(config.dataDir)}`,
    );
  }
  if (config.federation) {
    say(
      `federated search: local, ${config.federation.map((p) => `${p.id} (${p.type})`).join(', ')}`,
    );
  }
  if (config.hub) {
    say(
      `JupyterHub service '${config.hub.name}': transactions need the Hub scope custom:styx:catalog:write`,
    );
  } else if (!config.writeToken) {
    say('transactions are off: set STYX_CATALOG_WRITE_TOKEN to enable them');
  }
}

main().catch((error: unknown) => {
  console.error('styx catalog failed to start:', error);
  process.exit(1);
});
