import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentTraceParent, inSpan } from '../../src/index.js';

/**
 * Work that outlives its request joins the request's trace through a kept traceparent. A real
 * tracer in memory (what @styx/tracing/register starts in a service, without its exporter).
 */
describe('trace context kept for later work', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());

  it('is nothing outside a span', () => {
    expect(currentTraceParent()).toBeUndefined();
  });

  it("is the active span's traceparent, and a later span given it is that span's child", async () => {
    const kept = await inSpan('request', {}, async (span) => ({
      traceParent: currentTraceParent(),
      traceId: span.traceId,
    }));
    expect(kept.traceParent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(kept.traceParent).toContain(kept.traceId);

    // Later, from a loop that runs in no request's context.
    const later = await context.with(ROOT_CONTEXT, () =>
      inSpan('later work', { 'styx.job.id': 'j1' }, async (span) => span.traceId, kept.traceParent),
    );
    expect(later).toBe(kept.traceId);
    const [request, work] = [
      exporter.getFinishedSpans().find((s) => s.name === 'request'),
      exporter.getFinishedSpans().find((s) => s.name === 'later work'),
    ];
    expect(work?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
  });

  it('starts a trace of its own when the kept traceparent is missing or not one', async () => {
    const fresh = await inSpan('no parent', {}, async (span) => span.traceId, null);
    const garbled = await inSpan('bad parent', {}, async (span) => span.traceId, 'not-a-trace');
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(garbled).toMatch(/^[0-9a-f]{32}$/);
    expect(garbled).not.toBe(fresh);
    const bad = exporter.getFinishedSpans().find((s) => s.name === 'bad parent');
    expect(bad?.parentSpanContext).toBeUndefined();
  });
});
