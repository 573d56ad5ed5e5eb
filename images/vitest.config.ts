import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The container images, built once by the global set-up (scripts/images.sh: podman build of each
 * Containerfile, layer cache kept in .styx/podman), then started and probed. Run from the
 * repository root: npx vitest run --config images/vitest.config.ts
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // A cold build installs the notebook's geo stack from PyPI (minutes); the catalog's first
    // start in a container installs PgSTAC and loads the demo.
    hookTimeout: 900_000,
    testTimeout: 300_000,
    // The suites start containers on a 2-core machine: one file at a time.
    fileParallelism: false,
  },
});
