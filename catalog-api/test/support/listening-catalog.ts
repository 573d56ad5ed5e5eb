import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import type { DatabaseKind } from './catalog.js';
import { openTestCatalog, WRITE_TOKEN } from './catalog.js';

export const VENV_BIN = fileURLToPath(new URL('../../../.venv/bin/', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** The fixture catalog listening on a loopback port, for real HTTP clients. */
export async function listenTestCatalog(kind: DatabaseKind) {
  const t = await openTestCatalog(kind);
  await t.app.close(); // the injected app's base URL is fake; build one for the real address
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const app = await buildApp({ db: t.db, baseUrl: url, writeToken: WRITE_TOKEN });
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
