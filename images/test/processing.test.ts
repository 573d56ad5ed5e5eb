import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROCESSES } from '../../hub-services/processing/src/processes/index.js';
import { imageTag, podman } from './podman.js';

const image = imageTag('processing');

// A gauge series as the demo's are: `date` and `water_level_m`.
const SERIES = [
  'date,water_level_m',
  '2024-01-01,1.0',
  '2024-01-02,3.0',
  '2024-01-03,2.5',
  '2024-01-04,',
  '2024-01-05,0.5',
].join('\n');

function process(id: string) {
  const found = BUILTIN_PROCESSES.find((p) => p.id === id);
  if (!found) throw new Error(`no built-in process ${id}`);
  return found;
}

/** Runs a built-in process's own command as a backend does: inputs read-only, one output folder. */
async function runJob(id: string, values: Record<string, unknown>, extra: string[] = []) {
  const work = mkdtempSync(join(tmpdir(), 'styx-image-job-'));
  const inputs = join(work, 'inputs');
  const outputs = join(work, 'outputs');
  mkdirSync(inputs);
  mkdirSync(outputs);
  // The job may run as another uid than this test's (--user 1000): the output folder must let it write.
  chmodSync(outputs, 0o777);
  writeFileSync(join(inputs, 'series.csv'), SERIES);
  const command = process(id).command(values, { series: '/inputs/series.csv' });
  const r = await podman([
    'run',
    '--rm',
    '--network=none',
    '-v',
    `${inputs}:/inputs:ro`,
    '-v',
    `${outputs}:/outputs`,
    ...extra,
    image,
    ...command,
  ]);
  return { ...r, outputs };
}

describe('the processing base image', () => {
  beforeAll(async () => {
    expect((await podman(['image', 'exists', image])).code).toBe(0);
  });

  it('has the Python the built-in processes import', async () => {
    const r = await podman([
      'run',
      '--rm',
      image,
      'python3',
      '-c',
      'import csv, json, statistics, sys; print(sys.version_info[0])',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('3');
  });

  it('runs river-level-statistics on a gauge series', async () => {
    const job = await runJob('river-level-statistics', { column: 'water_level_m' });
    expect(job.stderr).toBe('');
    expect(job.stdout).toContain('styx:progress 90');
    const result = JSON.parse(readFileSync(join(job.outputs, 'statistics.json'), 'utf8'));
    expect(result).toMatchObject({
      count: 4,
      min: 0.5,
      max: 3,
      median: 1.75,
      first: '2024-01-01',
      last: '2024-01-05',
    });
  });

  it('runs river-threshold-exceedance as an unprivileged user on a read-only root, as on Kubernetes', async () => {
    const job = await runJob('river-threshold-exceedance', { threshold: 2 }, [
      '--read-only',
      '--user',
      '1000:1000',
    ]);
    expect(job.stderr).toBe('');
    const result = JSON.parse(readFileSync(join(job.outputs, 'exceedance.json'), 'utf8'));
    expect(result).toMatchObject({
      threshold: 2,
      above: 2,
      longest_spell: 2,
      longest_spell_start: '2024-01-02',
      peak: 3,
      peak_date: '2024-01-02',
    });
  });
});
