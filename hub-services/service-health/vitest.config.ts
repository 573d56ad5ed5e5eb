import { defineConfig } from 'vitest/config';

/**
 * The plugin on a bare fastify app through app.inject, and the exposition checked by promtool
 * when it is installed (scripts/setup.sh test builds it).
 */
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
