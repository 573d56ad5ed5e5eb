// First: traces (when OTEL_* asks for them) must start before fastify and pg load.
import '@styx/tracing/register';
import { mkdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { KubeConfig } from '@kubernetes/client-node';
import pg from 'pg';
import pino from 'pino';
import { buildProcessingApp } from './app.js';
import { DockerBackend } from './backends/docker/docker-backend.js';
import type { JobBackend } from './backends/job-backend.js';
import { KubernetesBackend } from './backends/kubernetes/kubernetes-backend.js';
import { SlurmBackend } from './backends/slurm/slurm-backend.js';
import { loadProcessingConfig, ProcessingConfigError } from './config.js';
import { AmqpJobEvents } from './events/amqp-job-events.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobStore, type SqlClient } from './jobs/job-store.js';
import { BUILTIN_PROCESSES } from './processes/index.js';
import { ProcessRegistry } from './processes/process-registry.js';
import { CatalogPublisher } from './results/catalog-publisher.js';
import { PosixResultStorage } from './results/posix-result-storage.js';
import { StoringResultPublisher } from './results/result-publisher.js';
import { S3ResultStorage } from './results/s3-result-storage.js';

/**
 * The processing process: configuration once, the job store (PGlite or PostgreSQL), the
 * container backend, then the runner (which first picks up jobs an earlier run left) and the
 * HTTP API; SIGTERM closes it cleanly (running containers keep running and are found again).
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadProcessingConfig>;
  try {
    config = loadProcessingConfig(process.env);
  } catch (error) {
    if (error instanceof ProcessingConfigError) {
      console.error(`styx processing: ${error.message}`);
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
  const store = new JobStore(sql);
  await store.migrate();
  const registry = new ProcessRegistry(sql, BUILTIN_PROCESSES, log);
  await registry.load();
  const backend = jobBackend(config);
  const storage =
    config.results.kind === 'posix'
      ? new PosixResultStorage(config.results.dir, config.publicUrl)
      : new S3ResultStorage({ ...config.results, createBucket: true });
  if (!config.catalog)
    log.warn('no catalog to register results in (STYX_PROCESSING_CATALOG_URL/_TOKEN): stored only');
  const publisher = new StoringResultPublisher({
    storage,
    catalog: config.catalog
      ? new CatalogPublisher({ catalogUrl: config.catalog.url, token: config.catalog.token })
      : undefined,
    processingUrl: config.publicUrl,
    log,
  });
  const events = config.amqp
    ? new AmqpJobEvents({ ...config.amqp, baseUrl: config.publicUrl, log })
    : undefined;
  events?.start();
  const runner = new JobRunner({
    store,
    backend,
    ...(events ? { events } : {}),
    registry,
    publisher,
    workDir: config.workDir,
    maxUnfinishedPerUser: config.maxUnfinishedPerUser,
    inputLocations: config.inputLocations,
    log,
  });
  const app = await buildProcessingApp({
    store,
    runner,
    baseUrl: config.publicUrl,
    hub: config.hub,
    resultsRoot: config.results.kind === 'posix' ? config.results.dir : undefined,
    logger: { level: config.logLevel },
  });
  await runner.startPolling();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    runner.stop();
    await app.close();
    await backend.close?.();
    await events?.close();
    await (sql.close?.() ?? sql.end?.());
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  await app.listen({ host: config.host, port: config.port });
  console.log(
    `[processing] OGC API – Processes at ${config.publicUrl}, jobs on ${config.backend.kind === 'docker' ? config.backend.host : config.backend.kind === 'slurm' ? `Slurm at ${config.backend.url}` : `Kubernetes namespace ${config.backend.namespace}`}, results in ${config.results.kind === 'posix' ? config.results.dir : `s3://${config.results.bucket}`}${config.catalog ? ` registered in ${config.catalog.url}` : ''}`,
  );
}

/** The configured backend: podman/Docker, a Slurm cluster, or a Kubernetes namespace. */
function jobBackend(config: ReturnType<typeof loadProcessingConfig>): JobBackend {
  const b = config.backend;
  if (b.kind === 'docker') return DockerBackend.connect(b.host);
  if (b.kind === 'kubernetes') {
    // In a pod: its service account; elsewhere: KUBECONFIG or ~/.kube/config.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    return new KubernetesBackend({
      kubeConfig,
      namespace: b.namespace,
      workClaim: b.workClaim,
      workDir: config.workDir,
      imagePullPolicy: b.imagePullPolicy,
      ttlSecondsAfterFinished: b.ttlSecondsAfterFinished,
      ...(b.runAsUser !== undefined ? { runAsUser: b.runAsUser } : {}),
    });
  }
  return new SlurmBackend({
    url: b.url,
    user: b.user,
    ...(b.token ? { token: b.token } : {}),
    ...(b.jwtKeyPath ? { jwtKey: readFileSync(b.jwtKeyPath) } : {}),
    ...(b.partition ? { partition: b.partition } : {}),
    ...(b.timeLimitMinutes ? { timeLimitMinutes: b.timeLimitMinutes } : {}),
    runtime: b.runtime,
    // podman on the node reads the same private configuration as this service's.
    environment: Object.fromEntries(
      Object.entries(process.env).filter(
        (e): e is [string, string] => e[0].startsWith('CONTAINERS_') && e[1] !== undefined,
      ),
    ),
  });
}

main().catch((error: unknown) => {
  console.error('styx processing failed to start:', error);
  process.exit(1);
});
