import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from '../support/catalog.js';
import { listenTestCatalog, VENV_BIN } from '../support/listening-catalog.js';

const run = promisify(execFile);

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

  it('finds no request to /basket that makes the catalog fail with a 5xx', async () => {
    const args = [
      'run', `${server.url}api`,
      '--include-tag', 'Basket',
      '--checks', 'not_a_server_error',
      '--phases', 'examples,fuzzing',
      '--max-examples', '30',
      '--seed', '20261207',
      '-H', `Authorization: Bearer ${WRITE_TOKEN}`,
    ]; // biome-ignore format: one option per pair
    let output: string;
    try {
      const { stdout, stderr } = await run(`${VENV_BIN}st`, args, {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 280_000,
      });
      output = stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`schemathesis found failures:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
    }
    expect(output).toMatch(/(\d+) generated, \1 passed/);
    expect(output).not.toMatch(/Server error/);
  }, 300_000);
});
