import { describe, expect, it } from 'vitest';
import { componentRows, probeTraceLink } from '../../src/health/health-status.js';
import type { HealthDocument } from '../../src/health/types.js';

const TRACE = 'http://localhost:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736';

/** An admin's /health answer: the catalog search failing, its readiness passing; both traced. */
const document: HealthDocument = {
  status: 'fail',
  checks: {
    'catalog:availability': [{ componentId: 'catalog', status: 'fail' }],
    'catalog:catalog-search': [
      {
        componentId: 'catalog',
        status: 'fail',
        output: 'http://127.0.0.1:8081/search answered 500',
        'styx:probe': 'catalog-search',
        'styx:traceId': '4bf92f3577b34da6a3ce929d0e0e4736',
        'styx:traceUrl': TRACE,
      },
    ],
    'catalog:catalog-ready': [
      {
        componentId: 'catalog',
        status: 'pass',
        'styx:probe': 'catalog-ready',
        'styx:traceUrl': 'http://localhost:16686/trace/00f067aa0ba902b700f067aa0ba902b7',
      },
    ],
  },
};

describe('trace links in the health panel (admins)', () => {
  const probes = componentRows(document)[0]?.probes ?? [];
  const byId = (id: string) => probes.find((p) => p.id === id)!;

  it('links a failing probe to the trace of its last check', () => {
    expect(probeTraceLink(byId('catalog-search'), undefined)).toBe(TRACE);
  });

  it('offers no link for a passing probe, until an admin runs it now', () => {
    expect(probeTraceLink(byId('catalog-ready'), undefined)).toBeUndefined();
    const run = { traceUrl: 'http://localhost:16686/trace/aaaabbbbccccddddaaaabbbbccccdddd' };
    expect(probeTraceLink(byId('catalog-ready'), run)).toBe(run.traceUrl);
  });

  it('offers none when the health service gives no trace address (no STYX_TRACE_URL, not traced)', () => {
    const plain = { ...byId('catalog-search'), traceUrl: undefined };
    expect(probeTraceLink(plain, { traceUrl: null })).toBeUndefined();
  });
});
