import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  type RestartablePostgres,
  type ServiceProcess,
  startRestartablePostgres,
  startServiceProcess,
  waitForHttp,
} from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Jaeger,
  type JaegerTrace,
  serviceOf,
  startJaeger,
  tag,
  waitForTrace,
} from '../support/jaeger.js';

const CATALOG_DIR = fileURLToPath(new URL('../../../../catalog-api/', import.meta.url));
const HEALTH_DIR = fileURLToPath(new URL('../../../health/', import.meta.url));
const PROCESSING_DIR = fileURLToPath(new URL('../../../processing/', import.meta.url));
const ADMIN = 'tracing-test-admin-token-0123';
const WRITE_TOKEN = 'tracing-test-write-token-0123';
const TSX = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const PUBLISH = fileURLToPath(new URL('../support/publish-result.ts', import.meta.url));

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

/** A W3C traceparent as the extension makes one for a click (sampled). */
function clientTraceparent(): { header: string; traceId: string; parentId: string } {
  const traceId = hex(16);
  const parentId = hex(8);
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

const spansOf = (trace: JaegerTrace, service: string) =>
  trace.spans.filter((s) => serviceOf(trace, s) === service);
const isPgQuery = (span: JaegerTrace['spans'][number]) =>
  tag(span, 'db.system') === 'postgresql' || tag(span, 'db.system.name') === 'postgresql';
const isFastifyRequest = (span: JaegerTrace['spans'][number]) =>
  tag(span, 'otel.scope.name') === '@fastify/otel' && span.operationName.startsWith('request');

/**
 * Real traffic through real services, traced to a real Jaeger (OTLP/HTTP in, its query API
 * read back): the catalog on PostgreSQL/PgSTAC, and the health service probing it.
 */
describe('traces in Jaeger', () => {
  let jaeger: Jaeger;
  let db: RestartablePostgres;
  let catalog: ServiceProcess;
  let health: ServiceProcess;
  let catalogUrl: string;
  let healthUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    [jaeger, db] = await Promise.all([startJaeger(), startRestartablePostgres()]);
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      // Export each batch quickly, so the test need not wait the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const catalogPort = await freePort();
    catalogUrl = `http://127.0.0.1:${catalogPort}/`;
    catalog = startServiceProcess(CATALOG_DIR, {
      ...tracing,
      STYX_CATALOG_PORT: String(catalogPort),
      STYX_DATABASE_URL: db.url('postgres'),
      STYX_DEMO: 'off',
      STYX_CATALOG_WRITE_TOKEN: WRITE_TOKEN,
      STYX_LOG_LEVEL: 'warn',
    });
    await waitForHttp(`${catalogUrl}readyz`, {
      timeoutMs: 180_000,
      stillRunning: () => !catalog.exited(),
    }).catch((error) => {
      throw new Error(`the catalog did not start: ${error.message}\n${catalog.output()}`);
    });
    dataDir = await mkdtemp(join(tmpdir(), 'styx-tracing-'));
    const healthPort = await freePort();
    healthUrl = `http://127.0.0.1:${healthPort}/`;
    health = startServiceProcess(HEALTH_DIR, {
      ...tracing,
      STYX_HEALTH_PORT: String(healthPort),
      STYX_DATA_DIR: dataDir,
      STYX_HEALTH_ADMIN_TOKEN: ADMIN,
      STYX_HEALTH_CATALOG_URL: catalogUrl,
      // Only run now: the scheduled checks would make traces of their own.
      STYX_HEALTH_INTERVAL_SECONDS: '3600',
      STYX_HEALTH_DEEP_INTERVAL_SECONDS: '3600',
      STYX_TRACE_URL: `${jaeger.queryUrl}/trace/{traceId}`,
      STYX_LOG_LEVEL: 'warn',
    });
    await waitForHttp(`${healthUrl}livez`, {
      timeoutMs: 60_000,
      stillRunning: () => !health.exited(),
    }).catch((error) => {
      throw new Error(`the health service did not start: ${error.message}\n${health.output()}`);
    });
  });

  afterAll(async () => {
    await health?.stop();
    await catalog?.stop();
    await jaeger?.stop();
    await db?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("a search carrying the client's traceparent is one trace: the catalog's request span and its PostgreSQL queries", async () => {
    const client = clientTraceparent();
    const response = await fetch(`${catalogUrl}search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: client.header },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type: string }).type).toBe('FeatureCollection');

    const trace = await waitForTrace(
      jaeger,
      client.traceId,
      (t) => t.spans.some(isFastifyRequest) && t.spans.some(isPgQuery),
    );
    expect(trace.traceID).toBe(client.traceId);
    for (const span of trace.spans) expect(span.traceID).toBe(client.traceId);
    expect(new Set(trace.spans.map((s) => serviceOf(trace, s)))).toEqual(new Set(['styx-catalog']));
    // The request span is the client's child: its parent is the span id the client sent.
    const request = trace.spans.find(isFastifyRequest)!;
    expect(request.references).toContainEqual(
      expect.objectContaining({ refType: 'CHILD_OF', spanID: client.parentId }),
    );
    expect(tag(request, 'http.route') ?? tag(request, 'url.path')).toMatch(/search/);
    // PgSTAC's search() ran inside that request.
    const queries = trace.spans.filter(isPgQuery);
    expect(queries.length).toBeGreaterThan(0);
    expect(
      queries.some((q) =>
        /search/i.test(String(tag(q, 'db.statement') ?? tag(q, 'db.query.text'))),
      ),
    ).toBe(true);
  });

  it('a run-now of the catalog search probe is one trace across the health service and the catalog, down to PostgreSQL, and the answer links to it', async () => {
    const client = clientTraceparent();
    const response = await fetch(`${healthUrl}probes/catalog-search/run`, {
      method: 'POST',
      headers: { authorization: `token ${ADMIN}`, traceparent: client.header },
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as { status: string; traceId: string; traceUrl: string };
    expect(run.status).toBe('pass');
    expect(run.traceId).toBe(client.traceId);
    expect(run.traceUrl).toBe(`${jaeger.queryUrl}/trace/${client.traceId}`);

    const trace = await waitForTrace(
      jaeger,
      client.traceId,
      (t) => spansOf(t, 'styx-catalog').some(isPgQuery) && spansOf(t, 'styx-health').length >= 3,
    );
    expect(new Set(trace.spans.map((s) => serviceOf(trace, s)))).toEqual(
      new Set(['styx-health', 'styx-catalog']),
    );
    const probe = spansOf(trace, 'styx-health').find(
      (s) => s.operationName === 'probe catalog-search',
    );
    expect(probe).toBeDefined();
    // The health service's fetch (undici) is the parent of the catalog's request span.
    const outgoing = spansOf(trace, 'styx-health').find(
      (s) => tag(s, 'otel.scope.name') === '@opentelemetry/instrumentation-undici',
    );
    expect(outgoing).toBeDefined();
    const catalogRequest = spansOf(trace, 'styx-catalog').find(isFastifyRequest)!;
    expect(catalogRequest.references).toContainEqual(
      expect.objectContaining({ refType: 'CHILD_OF', spanID: outgoing!.spanID }),
    );
    // The trace UI shows it at the address the answer gave.
    const page = await fetch(run.traceUrl);
    expect(page.status).toBe(200);
  });

  it("a failing probe's trace shows where it failed: the probe span and the catalog's request marked as errors, and /health links admins to it", async () => {
    await db.stop();
    try {
      const client = clientTraceparent();
      const run = (await (
        await fetch(`${healthUrl}probes/catalog-search/run`, {
          method: 'POST',
          headers: { authorization: `token ${ADMIN}`, traceparent: client.header },
        })
      ).json()) as { status: string; traceId: string; message: string };
      expect(run.status).toBe('fail');
      expect(run.traceId).toBe(client.traceId);
      const trace = await waitForTrace(
        jaeger,
        client.traceId,
        (t) =>
          spansOf(t, 'styx-catalog').some(isFastifyRequest) &&
          spansOf(t, 'styx-health').some((s) => s.operationName === 'probe catalog-search'),
      );
      const probe = spansOf(trace, 'styx-health').find(
        (s) => s.operationName === 'probe catalog-search',
      )!;
      expect(tag(probe, 'otel.status_code')).toBe('ERROR');
      const catalogRequest = spansOf(trace, 'styx-catalog').find(isFastifyRequest)!;
      expect(Number(tag(catalogRequest, 'http.response.status_code'))).toBeGreaterThanOrEqual(500);
      const admin = (await (
        await fetch(`${healthUrl}health`, { headers: { authorization: `token ${ADMIN}` } })
      ).json()) as { checks: Record<string, Array<Record<string, unknown>>> };
      const entry = admin.checks['catalog:catalog-search']?.[0];
      expect(entry?.status).toBe('fail');
      expect(entry?.['styx:traceUrl']).toBe(`${jaeger.queryUrl}/trace/${client.traceId}`);
    } finally {
      await db.start();
    }
  });

  it("processing's result publisher to the catalog: each of its requests is one trace from the publisher's fetch down to the catalog's PostgreSQL queries", async () => {
    const itemId = `result-${hex(4)}`;
    const published = await new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      const child = spawn(TSX, [PUBLISH, catalogUrl, WRITE_TOKEN, itemId], {
        cwd: PROCESSING_DIR,
        env: {
          ...process.env,
          OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
          OTEL_BSP_SCHEDULE_DELAY: '60000',
          // The script is this workspace's, so it would be named styx-tracing.
          OTEL_SERVICE_NAME: 'styx-processing',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.on('exit', (code) => resolve({ code, output }));
    });
    expect(published.code, published.output).toBe(0);
    expect(published.output).toContain(`/items/${itemId}`);
    // The item's POST, as processing sent it: found by the publisher's service name.
    const deadline = Date.now() + 30_000;
    let trace: JaegerTrace | undefined;
    while (!trace && Date.now() < deadline) {
      const response = await fetch(
        `${jaeger.queryUrl}/api/traces?service=styx-processing&limit=20&lookback=1h`,
      );
      const { data } = (await response.json()) as { data: JaegerTrace[] | null };
      trace = (data ?? []).find(
        (t) =>
          t.spans.some(
            (s) => isFastifyRequest(s) && String(tag(s, 'url.path') ?? '').endsWith('/items'),
          ) && spansOf(t, 'styx-catalog').some(isPgQuery),
      );
      if (!trace) await new Promise((r) => setTimeout(r, 250));
    }
    expect(trace, 'a trace of the item POST from styx-processing to styx-catalog').toBeDefined();
    expect(new Set(trace!.spans.map((s) => serviceOf(trace!, s)))).toEqual(
      new Set(['styx-processing', 'styx-catalog']),
    );
    const outgoing = spansOf(trace!, 'styx-processing').find(
      (s) => tag(s, 'otel.scope.name') === '@opentelemetry/instrumentation-undici',
    )!;
    const request = spansOf(trace!, 'styx-catalog').find(isFastifyRequest)!;
    expect(request.references).toContainEqual(
      expect.objectContaining({ refType: 'CHILD_OF', spanID: outgoing.spanID }),
    );
  });

  it('a service stopped with SIGTERM exports the spans it still held before it exits', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const second = startServiceProcess(CATALOG_DIR, {
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
      // Nothing would be exported for a minute: only the flush at exit sends the span.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      OTEL_SERVICE_NAME: 'styx-catalog-stopped',
      STYX_CATALOG_PORT: String(port),
      STYX_DATABASE_URL: db.url('postgres'),
      STYX_DEMO: 'off',
      STYX_LOG_LEVEL: 'warn',
    });
    try {
      await waitForHttp(`${url}readyz`, {
        timeoutMs: 120_000,
        stillRunning: () => !second.exited(),
      });
      const client = clientTraceparent();
      const response = await fetch(`${url}collections`, {
        headers: { traceparent: client.header },
      });
      expect(response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await jaeger.trace(client.traceId)).toBeUndefined();
      await second.stop();
      const trace = await waitForTrace(
        jaeger,
        client.traceId,
        (t) => t.spans.some(isFastifyRequest),
        10_000,
      );
      expect(serviceOf(trace, trace.spans[0]!)).toBe('styx-catalog-stopped');
    } finally {
      await second.stop();
    }
  });

  it('GET /health gives admins the trace of each probe’s last check, and others no trace at all', async () => {
    const client = clientTraceparent();
    await fetch(`${healthUrl}probes/catalog-search/run`, {
      method: 'POST',
      headers: { authorization: `token ${ADMIN}`, traceparent: client.header },
    });
    const admin = (await (
      await fetch(`${healthUrl}health`, { headers: { authorization: `token ${ADMIN}` } })
    ).json()) as { checks: Record<string, Array<Record<string, unknown>>> };
    const entry = admin.checks['catalog:catalog-search']?.[0];
    expect(entry?.['styx:traceId']).toBe(client.traceId);
    expect(entry?.['styx:traceUrl']).toBe(`${jaeger.queryUrl}/trace/${client.traceId}`);
    const anonymous = await (await fetch(`${healthUrl}health`)).text();
    expect(anonymous).not.toContain('styx:trace');
  });
});
