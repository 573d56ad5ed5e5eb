// First: traces (when OTEL_* asks for them) must start before fastify and pg load.
import '@styx/tracing/register';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { GroupAdminStore } from './admins/group-admin-store.js';
import { buildEnvironmentsApp } from './app.js';
import { EnvironmentsConfigError, loadEnvironmentsConfig } from './config.js';
import { HubServersClient } from './hub/hub-servers-client.js';
import { ProfileStore } from './profiles/profile-store.js';
import type { SqlClient } from './sql-client.js';
import { pollHub } from './usage/hub-poller.js';
import { QuotaStore } from './usage/quota-store.js';
import { UsageLedger } from './usage/usage-ledger.js';

/**
 * The environments process: configuration once, the store (PGlite or PostgreSQL), the Hub
 * client and the ledger's reconciliation, then the HTTP API; SIGTERM closes it cleanly.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadEnvironmentsConfig>;
  try {
    config = loadEnvironmentsConfig(process.env);
  } catch (error) {
    if (error instanceof EnvironmentsConfigError) {
      console.error(`styx environments: ${error.message}`);
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
    sql = new pg.Pool({ connectionString: config.database.url, max: 5 });
  }
  const profiles = new ProfileStore(sql);
  const quotas = new QuotaStore(sql);
  const ledger = new UsageLedger(sql);
  const groupAdmins = new GroupAdminStore(sql);
  for (const store of [profiles, quotas, ledger, groupAdmins]) await store.migrate();
  const hubServers = config.hub
    ? new HubServersClient({ apiUrl: config.hub.apiUrl, token: config.hub.apiToken })
    : undefined;
  const poller = hubServers
    ? pollHub({ ledger, profiles, hub: hubServers, intervalMs: config.pollIntervalMs, log })
    : undefined;
  const app = await buildEnvironmentsApp({
    profiles,
    quotas,
    ledger,
    groupAdmins,
    baseUrl: config.publicUrl,
    hub: config.hub,
    hubServers,
    logger: { level: config.logLevel },
  });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    poller?.stop();
    await app.close();
    await (sql.close?.() ?? sql.end?.());
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  await app.listen({ host: config.host, port: config.port });
  console.log(
    `[environments] profiles, quotas and usage at ${config.publicUrl}${config.hub ? '' : ' (no Hub: spawn hooks and bulk actions unused)'}`,
  );
}

main().catch((error: unknown) => {
  console.error('styx environments failed to start:', error);
  process.exit(1);
});
