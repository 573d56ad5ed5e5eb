import { describe, expect, it } from 'vitest';
import { loadHealthConfig } from '../../src/config.js';
import { planProbes, unknownOverrides } from '../../src/probes/probe-plan.js';

describe('which probes run', () => {
  it('probes nothing that is not configured', () => {
    const config = loadHealthConfig({});
    expect(planProbes(config.targets, config.timings)).toEqual([]);
  });

  it('probes each configured component, public ones public, with the configured timings', () => {
    const config = loadHealthConfig({
      STYX_HEALTH_HUB_API_URL: 'http://127.0.0.1:8081/hub/api',
      STYX_HEALTH_CATALOG_URL: 'http://127.0.0.1:8082/',
      STYX_HEALTH_CATALOG_DATABASE_URL: 'postgres://u@db/styx',
      STYX_HEALTH_S3_BUCKET: 'styx-results',
      STYX_HEALTH_S3_ACCESS_KEY_ID: 'key',
      STYX_HEALTH_S3_SECRET_ACCESS_KEY: 'secret',
      STYX_HEALTH_DOCKER_HOST: 'unix:///run/podman.sock',
      STYX_HEALTH_INTERVAL_SECONDS: '15',
      STYX_HEALTH_DEEP_INTERVAL_SECONDS: '120',
      STYX_HEALTH_FAILURES_TO_OPEN: '4',
    });
    const planned = planProbes(config.targets, config.timings);
    expect(planned.map((p) => [p.id, p.component, p.tier, p.audience])).toEqual([
      ['hub-api', 'notebooks', 'live', 'public'],
      ['catalog-ready', 'catalog', 'ready', 'public'],
      ['catalog-search', 'catalog', 'deep', 'public'],
      ['catalog-database', 'catalog', 'ready', 'admin'],
      ['object-storage', 'storage', 'deep', 'public'],
      ['container-api', 'containers', 'live', 'admin'],
    ]);
    expect(planned.find((p) => p.id === 'hub-api')).toMatchObject({
      intervalMs: 15_000,
      failuresToOpen: 4,
    });
    expect(planned.find((p) => p.id === 'object-storage')?.intervalMs).toBe(120_000);
  });

  it('applies per-probe overrides and names the unknown ones', () => {
    const config = loadHealthConfig({
      STYX_HEALTH_HUB_API_URL: 'http://127.0.0.1:8081/hub/api',
      STYX_HEALTH_HUB_PUBLIC_URL: 'http://localhost:8000/',
      STYX_HEALTH_PROBES: JSON.stringify({
        'hub-api': { intervalMs: 500 },
        'hub-proxy': { enabled: false },
        'hub-apy': {},
      }),
    });
    const planned = planProbes(config.targets, config.timings, config.overrides);
    expect(planned.map((p) => [p.id, p.intervalMs])).toEqual([['hub-api', 500]]);
    expect(unknownOverrides(planProbes(config.targets, config.timings), config.overrides)).toEqual([
      'hub-apy',
    ]);
  });

  it('says what is missing or wrong in the configuration', () => {
    expect(() => loadHealthConfig({ STYX_HEALTH_S3_BUCKET: 'styx-results' })).toThrow(
      /STYX_HEALTH_S3_ACCESS_KEY_ID/,
    );
    expect(() =>
      loadHealthConfig({ STYX_HEALTH_WEBHOOK_URLS: 'https://alerts.example/hook' }),
    ).toThrow(/STYX_HEALTH_WEBHOOK_SECRET/);
    expect(() => loadHealthConfig({ STYX_HEALTH_PROBES: '{"hub-api":{"intervalMs":1}}' })).toThrow(
      /STYX_HEALTH_PROBES/,
    );
    expect(() => loadHealthConfig({ STYX_HEALTH_SLURM_URL: 'http://slurm:6820' })).toThrow(
      /STYX_HEALTH_SLURM_USER/,
    );
  });
});
