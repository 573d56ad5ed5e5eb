import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmLint, helmTemplate, stageChart } from './chart.js';

let chart: Awaited<ReturnType<typeof stageChart>>;
beforeAll(async () => {
  chart = await stageChart();
});
afterAll(() => chart?.remove());

describe('helm lint', () => {
  it.each([[[]], [['external']], [['external-url']], [['slurm']], [['environments']]])(
    'passes with values %j (values.yaml satisfies values.schema.json)',
    async (values) => {
      const result = await helmLint(chart.dir, { values });
      expect(result.stdout + result.stderr).not.toMatch(/\[(ERROR|WARNING)\]/);
      expect(result.code).toBe(0);
    },
  );

  it('refuses a bad values file, naming each wrong key and what it should be', async () => {
    const result = await helmLint(chart.dir, { values: ['bad'] });
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain("at '/publicUrl': 'styx.example.org' does not match pattern");
    expect(output).toMatch(/at '\/catalog\/demo': value must be one of 'auto', 'on', 'off'/);
    expect(output).toMatch(
      /at '\/processing\/backend': value must be one of 'kubernetes', 'slurm'/,
    );
    expect(output).toContain("at '/postgresql/externalUrl'");
    expect(output).toContain(
      "at '/health/webhook/urls/0': 'alerts.example.org' does not match pattern",
    );
    // 'local' is the catalog's own provider id.
    expect(output).toContain("at '/catalog/federation/providers/0/id'");
    expect(output).toContain("at '/tracing/otlpEndpoint'");
  });

  it('refuses a key the chart does not know (a typo is not silently ignored)', async () => {
    const result = await helmTemplate(chart.dir, { set: ['catalog.replica=2'] });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/at '\/catalog': additional properties 'replica' not allowed/);
  });
});

describe('helm template refuses what the schema cannot see', () => {
  it.each([
    [
      ['s3.enabled=true'],
      's3.enabled needs s3.existingSecret (keys accessKeyId and secretAccessKey) or both s3.accessKeyId and s3.secretAccessKey',
    ],
    [
      ['postgresql.externalUrl=postgres://db/styx', 'postgresql.existingSecret.name=db'],
      'postgresql: give externalUrl or existingSecret.name, not both',
    ],
    [
      ['processing.backend=slurm'],
      'processing.backend=slurm needs processing.slurm.url, processing.slurm.user and processing.slurm.tokenSecret.name',
    ],
    [
      ['jupyterhub.hub.services.catalog.url=http://catalog:8081'],
      'jupyterhub.hub.services.catalog.url must be http://styx-catalog:8081',
    ],
  ])('--set %j', async (set, message) => {
    const result = await helmTemplate(chart.dir, { set });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
  });
});
