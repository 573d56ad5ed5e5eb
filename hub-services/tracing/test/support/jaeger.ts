import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '@styx/testing';

/** Jaeger, built by `bash scripts/setup.sh test` from its Go module (v1.75.0, Jaeger v2). */
export const JAEGER = fileURLToPath(new URL('../../../../.styx/bin/jaeger', import.meta.url));

/** A span as Jaeger's query API (/api/traces) gives it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
  processID: string;
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export interface Jaeger {
  /** Where services send OTLP over HTTP (OTEL_EXPORTER_OTLP_ENDPOINT). */
  otlpEndpoint: string;
  /** The query service and UI: `${queryUrl}/api/traces/<id>`, `${queryUrl}/trace/<id>`. */
  queryUrl: string;
  /** The trace, once Jaeger has it (undefined while it answers 404). */
  trace(traceId: string): Promise<JaegerTrace | undefined>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A throw-away Jaeger on loopback ports of its own: OTLP/HTTP in, in-memory storage, the query
 * API out; nothing else it could listen on (no gRPC receiver, no metrics endpoint).
 */
export async function startJaeger(): Promise<Jaeger> {
  if (!existsSync(JAEGER))
    throw new Error(`Jaeger is not built (${JAEGER}); run \`bash scripts/setup.sh test\``);
  const [otlp, query, queryGrpc] = [await freePort(), await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), 'styx-jaeger-'));
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: memory_store
    http:
      endpoint: 127.0.0.1:${query}
    grpc:
      endpoint: 127.0.0.1:${queryGrpc}
  jaeger_storage:
    backends:
      memory_store:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlp}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memory_store
`,
  );
  let output = '';
  const child = spawn(JAEGER, ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const queryUrl = `http://127.0.0.1:${query}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${queryUrl}/api/services`, {
      timeoutMs: 60_000,
      stillRunning: () => child.exitCode === null,
      what: 'Jaeger',
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    otlpEndpoint: `http://127.0.0.1:${otlp}`,
    queryUrl,
    async trace(traceId) {
      const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
      if (response.status === 404) return undefined;
      if (!response.ok)
        throw new Error(`Jaeger answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { data: JaegerTrace[] };
      return body.data[0];
    },
    output: () => output,
    stop,
  };
}

/** Polls until `ready` accepts the trace (spans arrive in batches, from several processes). */
export async function waitForTrace(
  jaeger: Jaeger,
  traceId: string,
  ready: (trace: JaegerTrace) => boolean,
  timeoutMs = 30_000,
): Promise<JaegerTrace> {
  const deadline = Date.now() + timeoutMs;
  let last: JaegerTrace | undefined;
  for (;;) {
    last = await jaeger.trace(traceId);
    if (last && ready(last)) return last;
    if (Date.now() > deadline) {
      const seen = last
        ? last.spans.map((s) => `${last?.processes[s.processID]?.serviceName}: ${s.operationName}`)
        : [];
      throw new Error(
        `trace ${traceId} not complete within ${timeoutMs} ms; spans: ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const tag = (span: JaegerSpan, key: string): unknown =>
  span.tags.find((t) => t.key === key)?.value;
export const serviceOf = (trace: JaegerTrace, span: JaegerSpan): string | undefined =>
  trace.processes[span.processID]?.serviceName;
