import { defineConfig } from 'vitest/config';

/**
 * Projects: pure units (no servers); the monitor, store and alerts on PGlite with checks the
 * test controls; and the system test that runs the health service as a process against real
 * components it stops in turn (PostgreSQL with the real catalog, MinIO, podman's API).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'history',
          include: ['test/history/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The adapters for RabbitMQ, Slurm and kube-apiserver, each against the real server.
          name: 'adapters',
          include: ['test/adapters/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          // Two PostgreSQL servers, the catalog (PgSTAC installed at its start), MinIO, podman.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { maxForks: 1, minForks: 1 } },
        },
      },
    ],
  },
});
