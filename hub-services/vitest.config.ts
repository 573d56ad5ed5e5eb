import { defineConfig } from 'vitest/config';

/**
 * System tests of the Styx JupyterHub: the real Hub from the project virtualenv, its proxy, and
 * the real catalog as its managed service. Starting them takes tens of seconds: one at a time.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});
