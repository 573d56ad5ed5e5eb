import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { type TracingConfig, tracingConfig } from './tracing-config.js';

/** What a traced process holds: the SDK, to flush and stop it. */
export interface Tracing {
  config: TracingConfig;
  /** Exports what is buffered and stops the SDK (bounded: never holds an exit for long). */
  shutdown(): Promise<void>;
}

/** How long an exit waits for the last spans to reach the collector. */
const FLUSH_MS = 3_000;

/**
 * Starts the OpenTelemetry Node SDK when the environment asks for traces (tracing-config.ts),
 * with the instrumentations Styx's services need: @fastify/otel (each request, its hooks and
 * handler; W3C traceparent read from the request), pg (each query), undici (fetch() out, with
 * traceparent sent) and http (node:http clients such as dockerode's and the Hub's). Nothing is
 * loaded when tracing is off.
 *
 * Synchronous on purpose, with the SDK loaded by require(): register.ts runs it as the first
 * import of a service's server.ts, and a module without top-level await finishes before the
 * next import (fastify, pg) is evaluated, so these are instrumented when they load.
 */
export function startTracing(
  env: Record<string, string | undefined>,
  entry: string | undefined,
): Tracing | undefined {
  const pkg = packageOf(entry);
  const config = tracingConfig(env, pkg?.name);
  if (!config.enabled) return undefined;
  const require = createRequire(import.meta.url);
  const { NodeSDK: SDK } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const sdk: NodeSDK = new SDK({
    ...(config.defaultServiceName ? { serviceName: config.defaultServiceName } : {}),
    instrumentations: [
      // Every fastify instance, as it is created: no plugin line in each app.ts.
      new FastifyOtelInstrumentation({ registerOnInitialization: true, ignorePaths: '/metrics' }),
      new PgInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
      // Outgoing only: @fastify/otel makes the server spans (the http server span would be a
      // second root for the same request).
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
    ],
  });
  sdk.start();
  // pg is CommonJS, imported by the services from ESM: Node's ESM loader runs it without the
  // require() that the instrumentation hooks. Requiring it here, from the service's own folder,
  // loads it through that hook first; the service's import then gets the same, patched module.
  if (pkg) {
    try {
      createRequire(join(pkg.dir, 'package.json'))('pg');
    } catch {
      // A service without PostgreSQL (the kernels gateway).
    }
  }
  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= Promise.race([
      sdk.shutdown().catch((error: unknown) => {
        console.error(`tracing: the last spans were not exported: ${(error as Error).message}`);
      }),
      new Promise<void>((resolve) => setTimeout(resolve, FLUSH_MS).unref()),
    ]);
    return stopping;
  };
  flushBeforeExit(shutdown);
  return { config, shutdown };
}

/**
 * Each service closes itself on SIGTERM/SIGINT and then calls process.exit(), which would drop
 * the spans still in the batch. The flush starts at the signal, and process.exit() waits for it.
 */
function flushBeforeExit(shutdown: () => Promise<void>): void {
  const exit = process.exit.bind(process);
  let exiting = false;
  process.exit = ((code?: number | string | null) => {
    if (exiting) return exit(code);
    exiting = true;
    void shutdown().finally(() => exit(code));
    return undefined as never;
  }) as typeof process.exit;
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    process.once(signal, () => {
      // A process that handles the signal itself exits when it has closed; one that does not
      // would have died of it, and still does, after the flush.
      if (process.listenerCount(signal) === 0) void shutdown().finally(() => exit(code));
      else void shutdown();
    });
  }
}

/** The package.json nearest to the entry script (a service's workspace), if any. */
function packageOf(entry: string | undefined): { name: string; dir: string } | undefined {
  let dir = dirname(entry ?? join(process.cwd(), 'index'));
  for (;;) {
    try {
      const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
      };
      return { name: name ?? '', dir };
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}
