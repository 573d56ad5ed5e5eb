import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from '../support/catalog.js';
import { listenTestCatalog } from '../support/listening-catalog.js';
import { runSchemathesis, SCHEMATHESIS_TIMEOUT_MS } from '../support/schemathesis.js';

/**
 * Schemathesis on the basket's operations only (its tag), DELETE included (they empty the test
 * token's own basket, nothing else): valid and deliberately broken requests from the OpenAPI
 * document, and not one may be answered with a 5xx. Seeded, so a run is repeatable.
 */
describe('schemathesis against the basket routes', () => {
  let server: Awaited<ReturnType<typeof listenTestCatalog>>;
  beforeAll(async () => {
    server = await listenTestCatalog('pglite');
  });
  afterAll(async () => server?.close());

  it(
    'finds no request to /basket that makes the catalog fail with a 5xx',
    async () => {
      const output = await runSchemathesis(server.url, [
        '--include-tag', 'Basket',
        '--max-examples', '30',
        '--seed', '20261207',
        '-H', `Authorization: Bearer ${WRITE_TOKEN}`,
      ]); // biome-ignore format: one option per pair
      expect(output).toMatch(/generated/);
    },
    SCHEMATHESIS_TIMEOUT_MS + 60_000,
  );
});
