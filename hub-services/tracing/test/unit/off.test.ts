import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { inSpan, startTracing, traceUrlFor } from '../../src/index.js';

const require = createRequire(import.meta.url);

describe('tracing off', () => {
  it('loads nothing of the SDK or the instrumentations', () => {
    expect(startTracing({}, undefined)).toBeUndefined();
    const loaded = Object.keys(require.cache);
    expect(
      loaded.filter((path) =>
        /@opentelemetry[\\/](sdk-node|instrumentation)|@fastify[\\/]otel/.test(path),
      ),
    ).toEqual([]);
  });

  it('runs the work of a span and gives no trace id', async () => {
    const seen: Array<string | undefined> = [];
    const answer = await inSpan('probe x', { 'styx.probe.id': 'x' }, async (span) => {
      seen.push(span.traceId);
      span.fail('ignored without an SDK');
      return 42;
    });
    expect(answer).toBe(42);
    expect(seen).toEqual([undefined]);
    await expect(
      inSpan('probe y', {}, async () => {
        throw new Error('the component is down');
      }),
    ).rejects.toThrow('the component is down');
  });
});

describe('traceUrlFor', () => {
  const id = '4bf92f3577b34da6a3ce929d0e0e4736';
  it('puts the trace id into the template', () => {
    expect(traceUrlFor('http://localhost:16686/trace/{traceId}', id)).toBe(
      `http://localhost:16686/trace/${id}`,
    );
    expect(
      traceUrlFor('https://grafana.example.org/explore?traceId={traceId}&x={traceId}', id),
    ).toBe(`https://grafana.example.org/explore?traceId=${id}&x=${id}`);
  });
  it('gives nothing without a template, a trace, or with something that is not a trace id', () => {
    expect(traceUrlFor(undefined, id)).toBeUndefined();
    expect(traceUrlFor('http://localhost:16686/trace/{traceId}', undefined)).toBeUndefined();
    expect(traceUrlFor('http://localhost:16686/trace/{traceId}', '../../admin')).toBeUndefined();
  });
});
