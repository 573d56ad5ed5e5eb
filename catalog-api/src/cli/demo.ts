import { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import { loadConfig } from '../config.js';
import { openCatalogDatabase } from '../db/open-database.js';
import { loadDemoCatalog } from '../loader/demo-loader.js';

/**
 * `npm run demo -w catalog-api [-- --scale 0.5]`: (re)generates the synthetic demo hydrology
 * catalog and loads it into the configured database (PGlite by default).
 */
const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : undefined;
if (scale !== undefined && !(scale > 0)) {
  console.error('usage: demo [--scale N]  (N > 0; 1 gives about 10,000 items)');
  process.exit(2);
}
const config = loadConfig(process.env);
const say = (m: string) => console.log(`[demo] ${m}`);
const db = await openCatalogDatabase(config, say);
try {
  const result = await loadDemoCatalog(new PgstacCatalog(db), {
    dataDir: config.dataDir,
    // The catalog serves these files itself (STYX_DEMO_FILES), so assets get its URLs.
    publicUrl: config.serveDemoFiles ? config.publicUrl : undefined,
    ...(scale !== undefined ? { scale } : {}),
    log: say,
  });
  say(`${result.items} items in ${result.collections} collections, ${result.seconds.toFixed(1)} s`);
} finally {
  await db.close();
}
