import { defineConfig } from 'vitest/config';

/** Pure units: the Hub authentication against stand-ins for the Hub's API (no servers). */
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
