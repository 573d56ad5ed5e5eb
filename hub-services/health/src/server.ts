// First: traces (when OTEL_* asks for them) must start before fastify and pg load.
import '@styx/tracing/register';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { WebhookDeliverer } from './alerts/webhook-deliverer.js';
import { buildHealthApp } from './app.js';
import { HealthConfigError, loadHealthConfig } from './config.js';
import { HealthStore } from './history/health-store.js';
import { RollupJob } from './history/rollup-job.js';
import type { SqlClient } from './history/sql-client.js';
import { HealthMonitor } from './monitor/health-monitor.js';
import { createProbe } from './probes/adapters/index.js';
import { planProbes, unknownOverrides } from './probes/probe-plan.js';

/**
 * The health process: configuration once, the history (PGlite or PostgreSQL), the probes for
 * what is configured, the monitor, the roll-up job and the alert deliverer in the background,
 * then the HTTP API; SIGTERM stops them all (alerts not yet delivered wait in the outbox).
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadHealthConfig>;
  try {
    config = loadHealthConfig(process.env);
  } catch (error) {
    if (error instanceof HealthConfigError) {
      console.error(`styx health: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  let sql: SqlClient & { close?: () => Promise<void>; end?: () => Promise<void> };
  if (config.database.kind === 'pglite') {
    mkdirSync(config.database.dataDir, { recursive: true });
    sql = await PGlite.create({ dataDir: config.database.dataDir });
  } else {
    const pool = new pg.Pool({ connectionString: config.database.url, max: 4 });
    pool.on('error', (error) => log.warn({ err: error }, 'history database connection lost'));
    sql = pool;
  }
  const store = new HealthStore(sql);
  await store.migrate();
  const planned = planProbes(config.targets, config.timings, config.overrides);
  for (const id of unknownOverrides(planned, config.overrides))
    log.warn(`STYX_HEALTH_PROBES names '${id}', which is not a configured probe`);
  const deliverer = config.webhooks
    ? new WebhookDeliverer({
        store,
        secret: config.webhooks.secret,
        maxAttempts: config.webhooks.maxAttempts,
        baseDelayMs: config.webhooks.baseDelayMs,
        maxDelayMs: 10 * 60_000,
        pollMs: 5_000,
        timeoutMs: 10_000,
        healthUrl: `${config.publicUrl}health`,
        traceUrl: config.traceUrl,
        log,
      })
    : undefined;
  const monitor = new HealthMonitor({
    probes: planned.map(createProbe),
    store,
    alertTargets: config.webhooks?.urls ?? [],
    ...(deliverer ? { onAlertQueued: () => deliverer.wake() } : {}),
    log,
  });
  const rollup = new RollupJob(
    store,
    { rawDays: config.rollup.rawDays, hourlyDays: config.rollup.hourlyDays },
    config.rollup.intervalMs,
    log,
  );
  const app = await buildHealthApp({
    monitor,
    store,
    baseUrl: config.publicUrl,
    hub: config.hub,
    staticTokens: config.adminToken
      ? [
          {
            token: config.adminToken,
            identity: { kind: 'user', name: 'admin', admin: true, groups: [], scopes: [] },
          },
        ]
      : [],
    logger: { level: config.logLevel },
    traceUrl: config.traceUrl,
  });
  await monitor.start();
  rollup.start();
  deliverer?.start();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    // Whatever hangs on the way down (a probe waiting on a component that is gone, a client
    // that keeps its connection), the service exits: a Hub or a test run stopping it must not
    // wait on it. Probing stops first, so nothing is written after the Hub is gone.
    setTimeout(() => process.exit(0), 10_000).unref();
    await monitor.stop();
    await app.close();
    await rollup.stop();
    await deliverer?.stop();
    await (sql.close?.() ?? sql.end?.());
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  await app.listen({ host: config.host, port: config.port });
  console.log(
    `[health] ${config.publicUrl}health: ${planned.length} probe(s) (${planned.map((p) => p.id).join(', ') || 'none configured'})${config.webhooks ? `, alerts to ${config.webhooks.urls.length} webhook(s)` : ''}`,
  );
}

main().catch((error: unknown) => {
  console.error('styx health failed to start:', error);
  process.exit(1);
});
