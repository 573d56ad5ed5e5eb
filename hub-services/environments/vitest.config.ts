import { defineConfig } from 'vitest/config';

/**
 * Projects: pure units and the API through app.inject (PGlite in memory, fixed tokens); and
 * system tests that start the real JupyterHub from the project virtualenv with this service
 * and its pre_spawn_hook.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        // PGlite starts in a few seconds, more on a loaded machine.
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'hub',
          include: ['test/hub/**/*.test.ts'],
          // Starting the Hub, its proxy, the catalog and this service takes tens of seconds.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { maxForks: 1, minForks: 1 } },
        },
      },
    ],
  },
});
