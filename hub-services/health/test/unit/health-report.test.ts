import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../src/monitor/health-report.js';
import type { ProbeDefinition, ProbeResult, ProbeStatus } from '../../src/probes/probe.js';

const probe = (
  id: string,
  component: ProbeDefinition['component'],
  audience: 'public' | 'admin' = 'public',
): ProbeDefinition => ({
  id,
  component,
  tier: 'ready',
  description: `${id} works`,
  intervalMs: 1000,
  timeoutMs: 500,
  failuresToOpen: 2,
  passesToClose: 2,
  audience,
});

const probes = [
  probe('hub-api', 'notebooks'),
  probe('catalog-search', 'catalog'),
  probe('catalog-database', 'catalog', 'admin'),
  probe('object-storage', 'storage'),
  probe('container-api', 'containers', 'admin'),
];

const now = new Date('2026-12-07T12:00:00Z');
const results = (statuses: Record<string, ProbeStatus>) =>
  new Map<string, ProbeResult>(
    Object.entries(statuses).map(([id, status]) => [
      id,
      {
        probeId: id,
        component: probes.find((p) => p.id === id)?.component ?? 'catalog',
        status,
        at: now,
        latencyMs: 12,
        message: status === 'fail' ? 'connect ECONNREFUSED 10.0.0.5:5432' : undefined,
      },
    ]),
  );

const allPass = {
  'hub-api': 'pass',
  'catalog-search': 'pass',
  'catalog-database': 'pass',
  'object-storage': 'pass',
  'container-api': 'pass',
} as const;

describe('the /health document (draft-inadome-httpapi-health-check)', () => {
  it('shows everyone one entry per public component, without errors, 200 when all pass', () => {
    const { statusCode, document } = buildHealthReport({
      probes,
      latest: results(allPass),
      maintenance: [],
      admin: false,
      now,
    });
    expect(statusCode).toBe(200);
    expect(document.status).toBe('pass');
    expect(Object.keys(document.checks).sort()).toEqual([
      'catalog:availability',
      'notebooks:availability',
      'storage:availability',
    ]);
    expect(JSON.stringify(document)).not.toContain('ECONNREFUSED');
  });

  it('is 503 with only the failing component red when a public component fails; no error text for users', () => {
    const { statusCode, document } = buildHealthReport({
      probes,
      latest: results({ ...allPass, 'catalog-database': 'fail' }),
      maintenance: [],
      admin: false,
      now,
    });
    expect(statusCode).toBe(503);
    expect(document.status).toBe('fail');
    expect(document.checks['catalog:availability']?.[0]?.status).toBe('fail');
    expect(document.checks['notebooks:availability']?.[0]?.status).toBe('pass');
    expect(document.checks['storage:availability']?.[0]?.status).toBe('pass');
    expect(JSON.stringify(document)).not.toContain('ECONNREFUSED');
  });

  it('gives admins every probe with its error and latency, and internal components', () => {
    const { statusCode, document } = buildHealthReport({
      probes,
      latest: results({ ...allPass, 'container-api': 'fail' }),
      maintenance: [],
      admin: true,
      now,
    });
    // An internal component failing is a warning overall, not a 503 for the public.
    expect(statusCode).toBe(200);
    expect(document.status).toBe('warn');
    const entry = document.checks['containers:container-api']?.[0];
    expect(entry).toMatchObject({
      status: 'fail',
      observedValue: 12,
      observedUnit: 'ms',
      output: 'connect ECONNREFUSED 10.0.0.5:5432',
    });
    expect(document.checks['containers:availability']?.[0]?.status).toBe('fail');
  });

  it('says which checks have not run yet, as warnings', () => {
    const { document } = buildHealthReport({
      probes,
      latest: new Map(),
      maintenance: [],
      admin: false,
      now,
    });
    expect(document.status).toBe('warn');
    expect(document.notes?.[0]).toContain('5 check(s) not run yet');
  });

  it('marks a component under maintenance', () => {
    const { document } = buildHealthReport({
      probes,
      latest: results(allPass),
      maintenance: [
        {
          id: 1,
          component: 'storage',
          startsAt: new Date(now.getTime() - 1000),
          endsAt: new Date(now.getTime() + 1000),
          reason: 'MinIO upgrade',
          createdBy: 'admin',
        },
      ],
      admin: false,
      now,
    });
    expect(document.checks['storage:availability']?.[0]?.['styx:maintenance']).toBe(
      'MinIO upgrade',
    );
  });
});
