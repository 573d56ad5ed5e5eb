import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { VENV_BIN } from './listening-catalog.js';

const run = promisify(execFile);
const SHIM = fileURLToPath(new URL('../clients/run_stac_api_validator.py', import.meta.url));
const SCHEMAS = fileURLToPath(new URL('../../../.venv/share/stac-schemas', import.meta.url));

/** A polygon covering the whole world: every fixture item intersects it. */
const WORLD = {
  type: 'Polygon',
  coordinates: [
    [
      [-180, -90],
      [180, -90],
      [180, 90],
      [-180, 90],
      [-180, -90],
    ],
  ],
};

/**
 * Runs stac-api-validator (PyPI, through the offline-schemas shim) against a listening catalog
 * for the given conformance classes on one collection, with `extraArgs` for the classes that
 * need more (transactions, query values, fields). Returns its output; throws with the output
 * when it exits non-zero.
 */
export async function runStacApiValidator(
  rootUrl: string,
  options: { classes: string[]; collection: string; extraArgs: string[] },
): Promise<string> {
  const args = [
    '--root-url',
    rootUrl,
    ...options.classes.flatMap((c) => ['--conformance', c]),
    '--collection',
    options.collection,
    '--geometry',
    JSON.stringify(WORLD),
    ...options.extraArgs,
  ];
  try {
    const { stdout, stderr } = await run(`${VENV_BIN}python`, [SHIM, SCHEMAS, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`stac-api-validator failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}
