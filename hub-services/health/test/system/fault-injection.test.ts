import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  freePort,
  PROMTOOL,
  promtoolCheck,
  type RestartablePostgres,
  type ServiceProcess,
  startMinio,
  startPodmanService,
  startRestartablePostgres,
  startServiceProcess,
  waitForHttp,
} from '@styx/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const CATALOG_DIR = fileURLToPath(new URL('../../../../catalog-api/', import.meta.url));
const PROCESSING_DIR = fileURLToPath(new URL('../../../processing/', import.meta.url));
const KERNELS_DIR = fileURLToPath(new URL('../../../../kernels-gateway/', import.meta.url));
const KERNELS_TOKEN = 'fault-injection-kernels-token';
const HEALTH_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'fault-injection-secret-0123456789';
const ADMIN = 'fault-injection-admin-token';
const INTERVAL_MS = 500;
const BUCKET = 'styx-health-probe';

type Checks = Record<string, Array<{ status: string; output?: string }>>;

/**
 * The health service as a process, probing real components the test starts: the catalog
 * (catalog-api on its own PostgreSQL with PgSTAC), MinIO, and podman's API. Each is stopped in
 * turn: only its component goes red, each probe's incident sends one signed alert pair (to a
 * real receiver that checks the HMAC and refuses the first attempt), recovery is seen within two
 * probe runs, the service's own /livez never fails, and its history survives its restart.
 */
describe('fault injection', () => {
  let historyDb: RestartablePostgres;
  let catalogDb: RestartablePostgres;
  let catalog: ServiceProcess;
  let processing: ServiceProcess;
  let processingUrl: string;
  let kernels: ServiceProcess;
  let kernelsUrl: string;
  let kernelsEnv: Record<string, string>;
  let dataDir: string;
  let health: ServiceProcess;
  let minio: Awaited<ReturnType<typeof startMinio>>;
  let minioDir: string;
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let podmanDir: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let history: pg.Pool;
  let catalogUrl: string;
  let healthUrl: string;
  let healthEnv: Record<string, string>;

  const healthNow = async (token: string | null = ADMIN) => {
    const response = await fetch(`${healthUrl}health`, {
      headers: token ? { authorization: `token ${token}` } : {},
    });
    return {
      code: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as { status: string; checks: Checks },
    };
  };
  const componentStatus = (checks: Checks) =>
    Object.fromEntries(
      Object.entries(checks)
        .filter(([key]) => key.endsWith(':availability'))
        .map(([key, [entry]]) => [key.split(':')[0], entry?.status]),
    );
  const allPass = async () => {
    const { body } = await healthNow();
    const statuses = Object.values(componentStatus(body.checks));
    return statuses.length === 5 && statuses.every((s) => s === 'pass') ? body : undefined;
  };

  beforeAll(async () => {
    [historyDb, catalogDb] = await Promise.all([
      startRestartablePostgres(),
      startRestartablePostgres(),
    ]);
    minioDir = await mkdtemp(join(tmpdir(), 'styx-health-minio-'));
    minio = await startMinio({
      port: await freePort(),
      dir: minioDir,
      accessKeyId: 'styx-health',
      secretAccessKey: 'styx-health-secret-key',
    });
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: minio.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    podmanDir = await mkdtemp(join(tmpdir(), 'styx-health-podman-'));
    podman = await startPodmanService(join(podmanDir, 'podman.sock'));
    receiver = await startWebhookReceiver(SECRET, { failFirst: true });
    const catalogPort = await freePort();
    catalogUrl = `http://127.0.0.1:${catalogPort}/`;
    catalog = startServiceProcess(CATALOG_DIR, {
      STYX_CATALOG_PORT: String(catalogPort),
      STYX_DATABASE_URL: catalogDb.url('postgres'),
      STYX_DEMO: 'off',
      STYX_LOG_LEVEL: 'warn',
    });
    await waitForHttp(`${catalogUrl}readyz`, {
      timeoutMs: 180_000,
      stillRunning: () => !catalog.exited(),
    }).catch((error) => {
      throw new Error(`the catalog did not start: ${error.message}\n${catalog.output()}`);
    });
    // The real processing service on podman (its readiness: its job store, in PGlite here).
    dataDir = await mkdtemp(join(tmpdir(), 'styx-health-data-'));
    const processingPort = await freePort();
    processingUrl = `http://127.0.0.1:${processingPort}/`;
    processing = startServiceProcess(PROCESSING_DIR, {
      STYX_PROCESSING_PORT: String(processingPort),
      STYX_DATA_DIR: dataDir,
      STYX_DOCKER_HOST: podman.host,
      STYX_LOG_LEVEL: 'warn',
    });
    await waitForHttp(`${processingUrl}readyz`, {
      timeoutMs: 120_000,
      stillRunning: () => !processing.exited(),
    }).catch((error) => {
      throw new Error(`processing did not start: ${error.message}\n${processing.output()}`);
    });
    // The real kernels gateway, local kernels (ipykernel from the project virtualenv).
    const kernelsPort = await freePort();
    kernelsUrl = `http://127.0.0.1:${kernelsPort}/`;
    kernelsEnv = {
      STYX_KERNELS_PORT: String(kernelsPort),
      STYX_KERNELS_TOKEN: KERNELS_TOKEN,
      STYX_KERNELS_USER: 'health',
      STYX_DATA_DIR: dataDir,
      STYX_LOG_LEVEL: 'warn',
    };
    kernels = startServiceProcess(KERNELS_DIR, kernelsEnv);
    await waitForHttp(`${kernelsUrl}readyz`, {
      timeoutMs: 120_000,
      stillRunning: () => !kernels.exited(),
    }).catch((error) => {
      throw new Error(`the kernels gateway did not start: ${error.message}\n${kernels.output()}`);
    });
    const healthPort = await freePort();
    healthUrl = `http://127.0.0.1:${healthPort}/`;
    healthEnv = {
      STYX_HEALTH_PORT: String(healthPort),
      STYX_HEALTH_DATABASE_URL: historyDb.url('postgres'),
      STYX_HEALTH_ADMIN_TOKEN: ADMIN,
      STYX_HEALTH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      STYX_HEALTH_DEEP_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      STYX_HEALTH_TIMEOUT_SECONDS: '2',
      STYX_HEALTH_FAILURES_TO_OPEN: '2',
      STYX_HEALTH_PASSES_TO_CLOSE: '2',
      STYX_HEALTH_ROLLUP_INTERVAL_SECONDS: '1',
      STYX_HEALTH_WEBHOOK_URLS: receiver.url,
      STYX_HEALTH_WEBHOOK_SECRET: SECRET,
      STYX_HEALTH_WEBHOOK_RETRY_SECONDS: '0.2',
      STYX_HEALTH_CATALOG_URL: catalogUrl,
      STYX_HEALTH_CATALOG_DATABASE_URL: catalogDb.url('postgres'),
      STYX_HEALTH_S3_ENDPOINT: minio.endpoint,
      STYX_HEALTH_S3_BUCKET: BUCKET,
      STYX_HEALTH_S3_ACCESS_KEY_ID: minio.accessKeyId,
      STYX_HEALTH_S3_SECRET_ACCESS_KEY: minio.secretAccessKey,
      STYX_HEALTH_DOCKER_HOST: podman.host,
      STYX_HEALTH_PROCESSING_URL: processingUrl,
      STYX_HEALTH_KERNELS_URL: kernelsUrl,
      STYX_HEALTH_KERNELS_TOKEN: KERNELS_TOKEN,
      // A kernel takes seconds to start on a busy machine: its own timeout and pace.
      STYX_HEALTH_PROBES: JSON.stringify({
        'kernels-start': { timeoutMs: 60_000, intervalMs: 2_000 },
      }),
      STYX_LOG_LEVEL: 'warn',
    };
    health = startServiceProcess(HEALTH_DIR, healthEnv);
    await waitForHttp(`${healthUrl}livez`, {
      timeoutMs: 60_000,
      stillRunning: () => !health.exited(),
    }).catch((error) => {
      throw new Error(`the health service did not start: ${error.message}\n${health.output()}`);
    });
    history = new pg.Pool({ connectionString: historyDb.url('postgres'), max: 2 });
    await waitUntil('every component green', allPass, 60_000).catch((error) => {
      throw new Error(`${error.message}\n${health.output()}`);
    });
  });

  afterAll(async () => {
    await history?.end();
    await health?.stop();
    await catalog?.stop();
    await processing?.stop();
    await kernels?.stop();
    await receiver?.close();
    await podman?.stop();
    await minio?.stop();
    await Promise.all([historyDb?.destroy(), catalogDb?.destroy()]);
    for (const dir of [minioDir, podmanDir, dataDir])
      if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Results a probe recorded after `since`, oldest first, from the history database. */
  const resultsSince = async (probe: string, since: Date) =>
    (
      await history.query<{ status: string }>(
        'SELECT status FROM health_results WHERE probe_id = $1 AND at >= $2 ORDER BY at',
        [probe, since],
      )
    ).rows.map((r) => r.status);

  async function injectFault(o: {
    component: string;
    probes: string[];
    stop(): Promise<void>;
    start(): Promise<void>;
  }) {
    const before = receiver.accepted.length;
    await o.stop();
    const red = await waitUntil(
      `${o.component} red`,
      async () => {
        const h = await healthNow();
        return o.probes.every((p) => h.body.checks[`${o.component}:${p}`]?.[0]?.status === 'fail')
          ? h
          : undefined;
      },
      30_000,
    );
    // Only that component is red.
    const statuses = componentStatus(red.body.checks);
    for (const [component, status] of Object.entries(statuses))
      expect([component, status]).toEqual([component, component === o.component ? 'fail' : 'pass']);
    // A public component failing is a 503 for everyone, with no error text.
    const anonymous = await healthNow(null);
    expect(anonymous.type).toContain('application/health+json');
    if (!['containers', 'kernels'].includes(o.component)) {
      expect(anonymous.code).toBe(503);
      expect(componentStatus(anonymous.body.checks)[o.component]).toBe('fail');
    } else {
      expect(anonymous.code).toBe(200);
      expect(Object.keys(anonymous.body.checks)).not.toContain(`${o.component}:availability`);
    }
    expect(
      Object.values(anonymous.body.checks)
        .flat()
        .some((c) => c.output),
    ).toBe(false);
    // The health service's own liveness is untouched.
    expect((await fetch(`${healthUrl}livez`)).status).toBe(200);
    await waitUntil(`an opened alert for each ${o.component} probe`, () =>
      o.probes.every((p) =>
        receiver.accepted.some((a) => a.event === 'incident.opened' && a.incident.probe === p),
      )
        ? true
        : undefined,
    );
    await o.start();
    const back = new Date();
    await waitUntil(`${o.component} green again`, async () => {
      const h = await healthNow();
      return o.probes.every((p) => h.body.checks[`${o.component}:${p}`]?.[0]?.status === 'pass')
        ? true
        : undefined;
    });
    // Detected within two probe runs of the component being back.
    for (const probe of o.probes) {
      const results = await resultsSince(probe, back);
      expect(results.indexOf('pass'), `${probe} after recovery: ${results.join(' ')}`).toBeLessThan(
        2,
      );
    }
    await waitUntil(`a closed alert for each ${o.component} probe`, () =>
      o.probes.every((p) =>
        receiver.accepted.some((a) => a.event === 'incident.closed' && a.incident.probe === p),
      )
        ? true
        : undefined,
    );
    // One alert pair per incident: each incident opened once and closed once, each probe one incident.
    const alerts = receiver.accepted.slice(before);
    const incidents = new Set(alerts.map((a) => a.incident.id));
    expect(incidents.size).toBe(o.probes.length);
    for (const id of incidents)
      expect(alerts.filter((a) => a.incident.id === id).map((a) => a.event)).toEqual([
        'incident.opened',
        'incident.closed',
      ]);
    expect(new Set(alerts.map((a) => a.incident.probe))).toEqual(new Set(o.probes));
    expect(alerts.every((a) => a.incident.component === o.component)).toBe(true);
  }

  it('object storage: stopping MinIO turns only storage red, and back', async () => {
    await injectFault({
      component: 'storage',
      probes: ['object-storage'],
      stop: () => minio.stop(),
      start: async () => {
        minio = await startMinio({
          port: Number(new URL(minio.endpoint).port),
          dir: minioDir,
          accessKeyId: minio.accessKeyId,
          secretAccessKey: minio.secretAccessKey,
        });
      },
    });
  });

  it('the catalog: stopping its PostgreSQL turns only the catalog red (its readiness, search and database), and back', async () => {
    await injectFault({
      component: 'catalog',
      probes: ['catalog-ready', 'catalog-search', 'catalog-database'],
      stop: () => catalogDb.stop(),
      start: () => catalogDb.start(),
    });
  });

  it("containers: stopping podman's API turns only containers red (for admins), and back", async () => {
    await injectFault({
      component: 'containers',
      probes: ['container-api'],
      stop: () => podman.stop(),
      start: async () => {
        podman = await startPodmanService(join(podmanDir, 'podman.sock'));
      },
    });
  });

  it('kernels: stopping the kernels gateway turns only kernels red (for admins), and back', async () => {
    await injectFault({
      component: 'kernels',
      probes: ['kernels-ready', 'kernels-start'],
      stop: () => kernels.stop(),
      start: async () => {
        kernels = startServiceProcess(KERNELS_DIR, kernelsEnv);
        await waitForHttp(`${kernelsUrl}readyz`, {
          timeoutMs: 120_000,
          stillRunning: () => !kernels.exited(),
        });
      },
    });
  });

  it('signed every alert, retried the refused first attempts, and never sent one twice', () => {
    expect(receiver.refused).toEqual([]);
    for (const alert of receiver.accepted)
      expect(receiver.attempts.get(String(alert.deliveryId))).toBe(2);
    const ids = receiver.accepted.map((a) => a.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps incidents, uptime and the last results across a restart of the health service', async () => {
    const incidentsBefore = (await (
      await fetch(`${healthUrl}incidents`, { headers: { authorization: `token ${ADMIN}` } })
    ).json()) as {
      incidents: Array<{ id: number; state: string }>;
    };
    expect(incidentsBefore.incidents).toHaveLength(7);
    expect(incidentsBefore.incidents.every((i) => i.state === 'closed')).toBe(true);
    const alertsBefore = receiver.accepted.length;
    await health.stop();
    health = startServiceProcess(HEALTH_DIR, healthEnv);
    await waitForHttp(`${healthUrl}livez`, {
      timeoutMs: 60_000,
      stillRunning: () => !health.exited(),
    });
    // Straight after the start, /health already has each probe's last result from the history.
    const first = await healthNow();
    expect(Object.keys(first.body.checks).filter((k) => !k.endsWith(':availability'))).toHaveLength(
      8,
    );
    expect(first.body.checks['storage:object-storage']?.[0]?.output).not.toBe('not checked yet');
    const incidentsAfter = (await (
      await fetch(`${healthUrl}incidents`, { headers: { authorization: `token ${ADMIN}` } })
    ).json()) as {
      incidents: Array<{ id: number }>;
    };
    expect(incidentsAfter.incidents.map((i) => i.id)).toEqual(
      incidentsBefore.incidents.map((i) => i.id),
    );
    const uptime = await waitUntil('uptime from the roll-ups', async () => {
      const u = (await (await fetch(`${healthUrl}uptime`)).json()) as {
        components: Array<{ component: string; uptime: number | null }>;
      };
      return u.components.every((c) => c.uptime !== null) ? u : undefined;
    });
    expect(uptime.components.map((c) => c.component).sort()).toEqual([
      'catalog',
      'processing',
      'storage',
    ]);
    for (const c of uptime.components.filter((c) => c.component !== 'processing'))
      expect(c.uptime).toBeLessThan(1);
    await waitUntil('green after the restart', allPass);
    // Delivered alerts are not sent again by the new process.
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
    expect(receiver.accepted.length).toBe(alertsBefore);
  });

  it.skipIf(!PROMTOOL)(
    "every service's /metrics (health, catalog, processing, kernels gateway) passes promtool check metrics",
    async () => {
      for (const url of [
        `${healthUrl}metrics`,
        `${catalogUrl}metrics`,
        `${processingUrl}metrics`,
      ]) {
        const exposition = await (await fetch(url)).text();
        expect(exposition).toContain('styx_http_requests_total');
        expect(promtoolCheck(exposition), url).toBe('');
      }
    },
  );
});
