import { defineConfig } from 'vitest/config';

/**
 * Three projects: pure units (no servers); the container backend against real podman; and
 * system tests that start the real JupyterHub from the project virtualenv with the real catalog
 * as its service.
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
