import { defineConfig } from 'vitest/config';

/**
 * Two projects: pure units (no servers), and integration suites that run against the real
 * PgSTAC on PostgreSQL and on PGlite, prepared once by the global set-up.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/cql2/**/*.test.ts', 'test/demo/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/api/**/*.test.ts', 'test/clients/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // PGlite and PgSTAC start-up take seconds; these suites wait on I/O, not CPU.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { maxForks: 2, minForks: 1 } },
        },
      },
    ],
  },
});
