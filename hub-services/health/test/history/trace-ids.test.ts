import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthStore } from '../../src/history/health-store.js';
import type { Probe } from '../../src/probes/probe.js';
import {
  ADMIN,
  type HistoryService,
  startHistoryService,
  USER,
} from '../support/history-service.js';
import { waitUntil } from '../support/wait-until.js';

const SECRET = 'trace-test-secret-0123456789';
const TRACE_URL = 'http://jaeger.test/trace/{traceId}';

/**
 * The traces of the checks kept in the history: an incident carries the trace of the failure
 * that opened it (admins and the alert get it, with a link), and the last check's trace is read
 * back after a restart. A real OpenTelemetry tracer in memory stands for the SDK that
 * @styx/tracing/register starts in the service.
 */
describe('trace ids in the health history', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const storage = { up: false };
  const probe: Probe = {
    id: 'object-storage',
    component: 'storage',
    tier: 'ready',
    description: 'storage answers',
    intervalMs: 60,
    timeoutMs: 200,
    failuresToOpen: 2,
    passesToClose: 2,
    audience: 'public',
    async check() {
      if (!storage.up) throw new Error('storage refused the connection');
      return { detail: 'storage ok' };
    },
  };
  let service: HistoryService;

  beforeAll(async () => {
    provider.register();
    service = await startHistoryService({ probes: [probe], secret: SECRET, traceUrl: TRACE_URL });
  });

  afterAll(async () => {
    await service?.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const incidents = async (token: string) =>
    (
      await service.app.inject({ url: '/incidents', headers: { authorization: `token ${token}` } })
    ).json() as { incidents: Array<Record<string, unknown>> };

  it("gives the incident the failing check's trace: admins and the alert see it, users do not", async () => {
    const opened = await waitUntil('the storage incident', async () =>
      (await incidents(ADMIN)).incidents.find((i) => i.probe === 'object-storage'),
    );
    const traceId = opened.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(opened.traceUrl).toBe(`http://jaeger.test/trace/${traceId}`);
    // That trace is a failed check of this probe, as exported.
    const span = exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId);
    expect(span?.name).toBe('probe object-storage');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);

    const asUser = (await incidents(USER)).incidents[0];
    expect(asUser).not.toHaveProperty('traceId');
    expect(asUser).not.toHaveProperty('traceUrl');

    const alert = await waitUntil('the opened alert', () =>
      service.receiver.accepted.find((a) => a.event === 'incident.opened'),
    );
    const body = alert as unknown as {
      incident: { traceId: string };
      links: Array<{ rel: string; href: string }>;
    };
    expect(body.incident.traceId).toBe(traceId);
    expect(body.links.find((l) => l.rel === 'trace')?.href).toBe(
      `http://jaeger.test/trace/${traceId}`,
    );
  });

  it("reads the last check's trace back from the history, as a restarted service does", async () => {
    await service.monitor.stop();
    // A check in flight when the monitor stopped still records (it ends within its 200 ms).
    await new Promise((r) => setTimeout(r, 500));
    const exported = exporter
      .getFinishedSpans()
      .filter((s) => s.name === 'probe object-storage')
      .map((s) => s.spanContext().traceId);
    const [latest] = await new HealthStore(service.db).latestResults();
    expect(latest?.probeId).toBe('object-storage');
    expect(latest?.traceId).toBe(exported.at(-1));
  });
});
