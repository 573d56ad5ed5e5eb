/**
 * Two projects in Debian's headless Chromium (Playwright cannot download its own browser here;
 * tools/chromium.ts; WebGL2 works on SwiftShader, so the map really draws):
 * - `lab`: galata (JupyterLab's Playwright layer) against a real JupyterLab with the Styx
 *   extension and a real standalone catalog API with the demo data;
 * - `hub`: the multi-user Styx, a real JupyterHub with the catalog as its service, entered
 *   through the Hub's login page as a person would.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium.js';

const jupyterPort = Number(process.env.STYX_UI_JUPYTER_PORT ?? 18888);
const catalogPort = Number(process.env.STYX_UI_CATALOG_PORT ?? 18081);
const hubPort = Number(process.env.STYX_UI_HUB_PORT ?? 18000);
/**
 * Servers are stopped with SIGTERM so that their scripts clean up: the Hub stops its proxy,
 * services and users' servers (Playwright's default, SIGKILL, would orphan them, and they would
 * hold its output pipes open).
 */
const STOP = { signal: 'SIGTERM', timeout: 30_000 } as const;

export default defineConfig({
  projects: [
    { name: 'lab', testDir: 'tests', use: { baseURL: `http://127.0.0.1:${jupyterPort}` } },
    { name: 'hub', testDir: 'hub-tests', use: { baseURL: `http://127.0.0.1:${hubPort}` } },
  ],
  outputDir: 'test-results',
  // The map draws in software: generous timeouts, one worker, no retries hiding flakiness.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'report/results.json' }]],
  use: {
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
      gracefulShutdown: STOP,
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
      gracefulShutdown: STOP,
    },
    {
      command: 'bash start-hub.sh',
      // Ready when the catalog answers through the Hub's proxy (demo loaded).
      url: `http://127.0.0.1:${hubPort}/services/catalog/collections`,
      env: { STYX_UI_HUB_PORT: String(hubPort) },
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      gracefulShutdown: STOP,
    },
  ],
});
