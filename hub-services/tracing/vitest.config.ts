import { defineConfig } from 'vitest/config';

/**
 * Projects: pure units (the OTEL_* rules, trace links, spans without an SDK); and the system
 * test, real services (the catalog on PostgreSQL/PgSTAC, the health service) traced to a real
 * Jaeger that scripts/setup.sh test builds.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          // The catalog's first start installs PgSTAC.
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { maxForks: 1, minForks: 1 } },
        },
      },
    ],
  },
});
