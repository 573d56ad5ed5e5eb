import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** promtool, built by `scripts/setup.sh test` from the Prometheus Go module (or on PATH). */
export const PROMTOOL = [
  fileURLToPath(new URL('../../../.styx/bin/promtool', import.meta.url)),
  ...(process.env.PATH ?? '').split(':').map((dir) => `${dir}/promtool`),
].find((path) => existsSync(path));

/** `promtool check metrics` on an exposition: its complaints (lint problems), empty when clean. */
export function promtoolCheck(exposition: string): string {
  if (!PROMTOOL) throw new Error('promtool is not installed');
  const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}`.trim() || `exit ${run.status}`;
}
