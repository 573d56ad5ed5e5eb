import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PgstacCatalog } from '../../src/catalog/pgstac-catalog.js';
import { openCatalogDatabase } from '../../src/db/open-database.js';
import { loadDemoCatalog } from '../../src/loader/demo-loader.js';
import { FIXTURE_SCALE } from './fixture-scale.js';
import { adminQuery, startPostgres } from './postgres-server.js';
import { BASE_URL } from './public-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database with PgSTAC and the fixture catalog, used as a template. */
    postgresTemplateUrl: string;
    /** Name of that template database. */
    postgresTemplate: string;
    /** A PGlite data folder with PgSTAC and the fixture catalog, copied by each test file. */
    pgliteTemplateDir: string;
    /** Styx's data directory for the fixture: its asset files are under `demo/`. */
    fixtureDataDir: string;
    /** A scratch folder inside the run's work folder, removed at teardown. */
    scratchDir: string;
  }
}

/**
 * Once per test run: a real PostgreSQL with PgSTAC (installed by `pypgstac migrate`) and a
 * PGlite folder with the same PgSTAC, both loaded with the same small demo catalog. Test files
 * get their own copies, so transactions in one never disturb another.
 */
export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'styx-test-'));
  const fixtureDataDir = join(work, 'data');
  const server = await startPostgres();
  const template = 'styx_template';
  await adminQuery(server.url('postgres'), `CREATE DATABASE ${template}`);
  const templateUrl = server.url(template);

  const pgliteTemplateDir = join(work, 'pglite-template');
  const targets = [
    { kind: 'postgres', readUrl: templateUrl, writeUrl: templateUrl, poolSize: 4 } as const,
    { kind: 'pglite', dataDir: pgliteTemplateDir } as const,
  ];
  await Promise.all(
    targets.map(async (database) => {
      const db = await openCatalogDatabase({ database });
      try {
        await loadDemoCatalog(new PgstacCatalog(db), {
          dataDir: fixtureDataDir,
          publicUrl: BASE_URL,
          scale: FIXTURE_SCALE,
        });
      } finally {
        await db.close();
      }
    }),
  );
  // A template database must have no connections when it is copied.
  await adminQuery(
    server.url('postgres'),
    `ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false`,
  );

  project.provide('postgresTemplateUrl', templateUrl);
  project.provide('postgresTemplate', template);
  project.provide('pgliteTemplateDir', pgliteTemplateDir);
  project.provide('fixtureDataDir', fixtureDataDir);
  // Where test files regenerate the fixture to compute expectations: inside `work`, so that the
  // teardown removes it with the rest (each regeneration writes ~100 MB of demo files).
  project.provide('scratchDir', join(work, 'scratch'));

  return async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  };
}
