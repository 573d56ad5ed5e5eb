import { defineConfig } from 'vitest/config';

/**
 * Projects: pure units (no servers); the container backend against real podman; Slurm,
 * RabbitMQ and MinIO each against the real server; and system tests that start the real
 * JupyterHub from the project virtualenv with the real catalog as its service.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          // The container backend against real podman (its Docker-compatible API).
          name: 'podman',
          include: ['test/podman/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The Slurm backend against a real one-node Slurm (scripts/slurm.sh) running podman jobs.
        test: {
          name: 'slurm',
          include: ['test/slurm/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Job events on a real RabbitMQ (scripts/rabbitmq.sh).
        test: {
          name: 'amqp',
          include: ['test/amqp/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The Kubernetes backend against a real kube-apiserver on etcd (no nodes: nothing runs).
        test: {
          name: 'kubernetes',
          include: ['test/kubernetes/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 150_000,
        },
      },
      {
        // Results in object storage: a real MinIO (scripts/minio.sh).
        test: {
          name: 's3',
          include: ['test/s3/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'hub',
          include: ['test/hub/**/*.test.ts'],
          // Starting the Hub, its proxy and the catalog (PgSTAC in PGlite) takes tens of seconds.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { maxForks: 1, minForks: 1 } },
        },
      },
    ],
  },
});
