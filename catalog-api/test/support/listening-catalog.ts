import { fileURLToPath } from 'node:url';
import { freePort } from '@styx/testing';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_THESAURUS_PATH } from '../../src/demo/thesaurus.js';
import { demoDataDir } from '../../src/loader/demo-loader.js';
import { loadThesaurusFile } from '../../src/thesaurus/index.js';
import type { DatabaseKind } from './catalog.js';
import { openTestCatalog, WRITE_TOKEN } from './catalog.js';

export const VENV_BIN = fileURLToPath(new URL('../../../.venv/bin/', import.meta.url));

/** The fixture catalog listening on a loopback port, for real HTTP clients. */
export async function listenTestCatalog(kind: DatabaseKind) {
  const t = await openTestCatalog(kind);
  await t.app.close(); // the injected app's base URL is fake; build one for the real address
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const app = await buildApp({
    db: t.db,
    baseUrl: url,
    writeToken: WRITE_TOKEN,
    demoFilesDir: demoDataDir(inject('fixtureDataDir')),
    thesaurus: await loadThesaurusFile(DEMO_THESAURUS_PATH),
  });
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    db: t.db,
    async close() {
      await app.close();
      await t.close().catch(() => {});
    },
  };
}
