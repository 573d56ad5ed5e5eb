import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { VENV_BIN } from './listening-catalog.js';

const run = promisify(execFile);

/** How long one schemathesis run may take; the test that calls it needs a little longer. */
export const SCHEMATHESIS_TIMEOUT_MS = 600_000;

/**
 * Runs schemathesis (PyPI) against the listening catalog's OpenAPI document with the
 * not-a-server-error check, valid and deliberately broken requests: bad input must always be a
 * 4xx. `options` are the run's own (operations, seed, examples, headers). Returns the output of
 * a run in which every generated case passed; throws with the output otherwise.
 */
export async function runSchemathesis(catalogUrl: string, options: string[]): Promise<string> {
  const args = [
    'run', `${catalogUrl}api`,
    '--checks', 'not_a_server_error',
    '--phases', 'examples,fuzzing',
    ...options,
  ]; // biome-ignore format: one option per pair
  let output: string;
  try {
    const { stdout, stderr } = await run(`${VENV_BIN}st`, args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: SCHEMATHESIS_TIMEOUT_MS,
    });
    output = stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`schemathesis found failures:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
  if (!/(\d+) generated, \1 passed/.test(output) || /Server error/.test(output)) {
    throw new Error(`schemathesis did not pass every case:\n${output}`);
  }
  return output;
}
