import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { PgstacCatalog } from '../../src/catalog/pgstac-catalog.js';
import type { CatalogDatabase } from '../../src/db/database.js';
import { openCatalogDatabase } from '../../src/db/open-database.js';
import { DEMO_THESAURUS_PATH } from '../../src/demo/thesaurus.js';
import { demoDataDir } from '../../src/loader/demo-loader.js';
import { loadThesaurusFile } from '../../src/thesaurus/index.js';
import { adminQuery } from './postgres-server.js';
import { BASE_URL } from './public-url.js';

export type DatabaseKind = 'postgres' | 'pglite';
export const DATABASE_KINDS: DatabaseKind[] = ['postgres', 'pglite'];

export { BASE_URL };
export const WRITE_TOKEN = 'test-write-token-0123456789';

export interface TestCatalog {
  app: FastifyInstance;
  db: CatalogDatabase;
  catalog: PgstacCatalog;
  close(): Promise<void>;
}

let counter = 0;

/** A private copy of the fixture catalog on the given adapter, and the app built over it. */
export async function openTestCatalog(kind: DatabaseKind): Promise<TestCatalog> {
  let cleanup: () => Promise<void>;
  let db: CatalogDatabase;
  if (kind === 'postgres') {
    const templateUrl = inject('postgresTemplateUrl');
    const name = `styx_test_${process.pid}_${++counter}`;
    const adminUrl = templateUrl.replace(/\/[^/]+$/, '/postgres');
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const url = templateUrl.replace(/\/[^/]+$/, `/${name}`);
    db = await openCatalogDatabase({
      database: { kind: 'postgres', readUrl: url, writeUrl: url, poolSize: 4 },
    });
    cleanup = async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'styx-pglite-'));
    cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
    db = await openCatalogDatabase({ database: { kind: 'pglite', dataDir: dir } });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const app = await buildApp({
    db,
    baseUrl: BASE_URL,
    writeToken: WRITE_TOKEN,
    bodyLimit: 2 * 1024 * 1024,
    demoFilesDir: demoDataDir(inject('fixtureDataDir')),
    thesaurus: await loadThesaurusFile(DEMO_THESAURUS_PATH),
  });
  await app.ready();
  return {
    app,
    db,
    catalog: new PgstacCatalog(db),
    async close() {
      await app.close();
      await db.close();
      await cleanup();
    },
  };
}
