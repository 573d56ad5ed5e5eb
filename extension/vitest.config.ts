import { defineConfig } from 'vitest/config';

// Unit tests only; the UI tests in ui-tests/ run under Playwright (galata) in real Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
