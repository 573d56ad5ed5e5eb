/**
 * Galata (JupyterLab's Playwright layer) against a real JupyterLab with the Styx extension and a
 * real catalog API with the demo data, in Debian's headless Chromium (Playwright cannot
 * download its own browser here; tools/chromium.ts): WebGL2 works on SwiftShader, so the map
 * really draws.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium.js';

const jupyterPort = Number(process.env.STYX_UI_JUPYTER_PORT ?? 18888);
const catalogPort = Number(process.env.STYX_UI_CATALOG_PORT ?? 18081);

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  // The map draws in software: generous timeouts, one worker, no retries hiding flakiness.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'report/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${jupyterPort}`,
    viewport: { width: 1400, height: 900 },
    video: 'off',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  webServer: [
    {
      command: 'bash start-catalog.sh',
      url: `http://127.0.0.1:${catalogPort}/collections`,
      env: { STYX_UI_CATALOG_PORT: String(catalogPort) },
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
    },
    {
      command: 'bash start-jupyterlab.sh',
      url: `http://127.0.0.1:${jupyterPort}/lab`,
      env: {
        STYX_UI_JUPYTER_PORT: String(jupyterPort),
        STYX_UI_CATALOG_URL: `http://127.0.0.1:${catalogPort}/`,
      },
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
