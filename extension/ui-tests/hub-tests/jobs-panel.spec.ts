/**
 * Processing from JupyterLab: a catalog asset dragged onto a process's input in the Jobs panel,
 * the job run on podman through the Hub's processing service, its progress and results shown.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { drag } from '../tests/lumino-drag.js';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);

const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';

test('drop a catalog asset on a process input, run it, and read its results', async ({ page }) => {
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  await page.goto('/hub/login');
  await page.locator('#username_input').fill('grace');
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();
  await page.waitForURL(/\/user\/grace\/lab/, { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });

  // A virtual station's CSV series, in the catalog panel (left).
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const catalog = page.locator('.styx-CatalogPanel');
  await catalog.locator('.styx-CollectionRow', { hasText: 'virtual stations' }).first().click();
  await catalog.locator('.styx-SearchButton').click();
  await catalog.locator('.styx-ResultRow').first().click();
  const asset = catalog.locator('.styx-AssetRow', { hasText: /csv/i }).first();
  await expect(asset).toBeVisible();

  // The Jobs panel (right) lists the built-in process; the asset dropped on its input fills it.
  await page.locator('.jp-SideBar [data-id="styx-jobs"]').click();
  const jobs = page.locator('.styx-JobsPanel');
  await expect(jobs.locator('.styx-ProcessSelect')).toContainText('River level statistics');
  await expect(jobs.locator('.styx-JobsEmpty')).toBeVisible();
  await expect(jobs.locator('.styx-JobsError')).toHaveCount(0);
  const series = jobs.locator('.styx-JobInput-series');
  await asset.scrollIntoViewIfNeeded();
  await drag(page, asset, series);
  await expect(series).toHaveValue(/\/services\/catalog\/files\/demo\/.+\.csv$/);

  await jobs.locator('.styx-RunProcess').click();
  const row = jobs.locator('.styx-JobRow').first();
  await expect(row).toContainText('river-level-statistics');
  await expect(row.locator('.styx-JobStatus')).toHaveText('successful', { timeout: 90_000 });
  const results = jobs.locator('.styx-JobResults');
  await expect(results).toContainText('"mean"');
  await expect(results).toContainText('"column": "water_level_m"');
  await expect(jobs.locator('.styx-JobLogs')).toContainText('values of water_level_m');
  expect(await row.locator('progress').getAttribute('value')).toBe('100');
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'jobs-panel.png') });
});
