/**
 * From a process deployed as CWL to its results on the map: hedy (a process developer) deploys
 * a CWL package, runs it from the Jobs panel on a catalog asset, and one click shows the job's
 * result item in the catalog panel and on the map.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { drag } from '../tests/lumino-drag.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = join(
  HERE,
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);
const PACKAGE = join(
  HERE,
  '..',
  '..',
  '..',
  'hub-services',
  'processing',
  'test',
  'fixtures',
  'cwl',
  'series-summary.cwl',
);
const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';

async function openLab(page: Page, user: string): Promise<void> {
  await page.goto('/hub/login');
  await page.locator('#username_input').fill(user);
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();
  await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });
}

test('deploy a CWL process, run it from the Jobs panel, and open its results on the map', async ({
  page,
}) => {
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  // hedy, not grace: each user's JupyterLab restores its own layout, and the Jobs panel test
  // (as grace) expects a fresh one.
  await openLab(page, 'hedy');

  // Deployed with hedy's own JupyterLab token (she is in process-developers).
  const token = await page.evaluate(
    () =>
      (
        JSON.parse(document.getElementById('jupyter-config-data')?.textContent ?? '{}') as {
          token: string;
        }
      ).token,
  );
  const deployed = await page.request.post('/services/processing/processes', {
    headers: { authorization: `token ${token}`, 'content-type': 'application/cwl+yaml' },
    data: await readFile(PACKAGE, 'utf8'),
  });
  expect([201, 409]).toContain(deployed.status());
  await page.reload();
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });

  // A virtual station's CSV series in the catalog panel.
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const catalog = page.locator('.styx-CatalogPanel');
  await catalog.locator('.styx-CollectionRow', { hasText: 'virtual stations' }).first().click();
  await catalog.locator('.styx-SearchButton').click();
  await catalog.locator('.styx-ResultRow').first().click();
  const asset = catalog.locator('.styx-AssetRow', { hasText: /csv/i }).first();
  await expect(asset).toBeVisible();

  // The deployed process in the Jobs panel; the asset dropped on its input.
  await page.locator('.jp-SideBar [data-id="styx-jobs"]').click();
  const jobs = page.locator('.styx-JobsPanel');
  await jobs.locator('.styx-ProcessSelect').selectOption({ label: 'Series summary' });
  const series = jobs.locator('.styx-JobInput-series');
  await asset.scrollIntoViewIfNeeded();
  await drag(page, asset, series);
  await expect(series).toHaveValue(/\/services\/catalog\/files\/demo\/.+\.csv$/);
  await jobs.locator('.styx-RunProcess').click();
  const row = jobs.locator('.styx-JobRow', { hasText: 'series-summary' }).first();
  await expect(row.locator('.styx-JobStatus')).toHaveText('successful', { timeout: 90_000 });
  await row.click();
  await expect(jobs.locator('.styx-JobResults')).toContainText('counts.json');

  // One click: the results collection searched in the catalog panel, the item selected, the map.
  await jobs.locator('.styx-ShowResults').click();
  await expect(page.locator('.styx-MapView canvas')).toBeVisible({ timeout: 60_000 });
  const resultRow = catalog.locator('.styx-ResultRow');
  await expect(resultRow).toHaveCount(1);
  await expect(resultRow.first()).toHaveClass(/styx-mod-selected/);
  const itemView = catalog.locator('.styx-ItemView');
  await expect(itemView).toContainText('Series summary');
  await expect(itemView).toContainText('counts.json');
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'job-results-on-map.png'), timeout: 60_000 });
});
