import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { WebhookDeliverer } from '../../src/alerts/webhook-deliverer.js';
import { buildHealthApp } from '../../src/app.js';
import { HealthStore } from '../../src/history/health-store.js';
import { HealthMonitor } from '../../src/monitor/health-monitor.js';
import type { Probe } from '../../src/probes/probe.js';
import { startWebhookReceiver } from './webhook-receiver.js';

export const ADMIN = 'admin-token-0123456789';
export const USER = 'user-token-0123456789';

export interface HistoryService {
  db: PGlite;
  store: HealthStore;
  monitor: HealthMonitor;
  deliverer: WebhookDeliverer;
  app: FastifyInstance;
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  close(): Promise<void>;
}

/**
 * The health service in-process on PGlite, as server.ts puts it together: the monitor running
 * `probes`, the webhook deliverer sending to a real signed-webhook receiver, and the app with
 * two fixed tokens (ada, an admin: ADMIN; bob, a user: USER). Started; close() stops it all.
 */
export async function startHistoryService(options: {
  probes: Probe[];
  secret: string;
  /** The receiver answers 500 to each delivery's first attempt (the retries are exercised). */
  failFirst?: boolean;
  traceUrl?: string;
}): Promise<HistoryService> {
  const log = pino({ level: 'silent' });
  const db = await PGlite.create();
  const store = new HealthStore(db);
  await store.migrate();
  const receiver = await startWebhookReceiver(options.secret, { failFirst: options.failFirst });
  const deliverer = new WebhookDeliverer({
    store,
    secret: options.secret,
    maxAttempts: 5,
    baseDelayMs: 50,
    maxDelayMs: 200,
    pollMs: 1_000,
    timeoutMs: 2_000,
    healthUrl: 'http://styx.test/services/health/health',
    traceUrl: options.traceUrl,
    log,
  });
  const monitor = new HealthMonitor({
    probes: options.probes,
    store,
    alertTargets: [receiver.url],
    onAlertQueued: () => deliverer.wake(),
    log,
  });
  const app = await buildHealthApp({
    monitor,
    store,
    baseUrl: 'http://styx.test/services/health/',
    traceUrl: options.traceUrl,
    staticTokens: [
      {
        token: ADMIN,
        identity: { kind: 'user', name: 'ada', admin: true, groups: [], scopes: [] },
      },
      {
        token: USER,
        identity: { kind: 'user', name: 'bob', admin: false, groups: [], scopes: [] },
      },
    ],
  });
  await monitor.start();
  deliverer.start();
  return {
    db,
    store,
    monitor,
    deliverer,
    app,
    receiver,
    async close() {
      await monitor.stop();
      await deliverer.stop();
      await app.close();
      await receiver.close();
      await db.close();
    },
  };
}
