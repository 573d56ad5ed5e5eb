/**
 * Mounting a dataset from the catalog panel and opening it from a notebook, on the real Hub with
 * the kernels gateway. The demo catalog cannot be mounted under the Hub: its assets are the
 * catalog's own http file URLs (`/services/catalog/files/demo/…`), which are neither S3 nor a
 * path on a shared file system. So an admin publishes a small dataset whose asset is a POSIX
 * file in the gateway's data roots (start-hub.sh: STYX_KERNELS_DATA_ROOTS), as a catalog of
 * shared data would, and mounts that from the panel.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, request, test } from '@playwright/test';
import { drag } from '../tests/lumino-drag.js';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);
const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';
/** The gateway's POSIX data root in start-hub.sh (the same default). */
const DATASETS = process.env.STYX_UI_HUB_DATASETS ?? '/tmp/styx-ui-hub-datasets';

const run = randomBytes(3).toString('hex');
const COLLECTION = `ui-mounts-${run}`;
const ITEM = `river-levels-${run}`;
const folder = join(DATASETS, ITEM);

/** JupyterLab's own token (the one the extension sends to the Hub's services). */
async function labToken(page: Page): Promise<string> {
  const config = await page.locator('#jupyter-config-data').textContent();
  return (JSON.parse(config ?? '{}') as { token?: string }).token ?? '';
}

/** What afterAll needs to take the test's dataset and mount away, whatever step failed. */
const cleanup: { baseURL?: string; token?: string } = {};

test.afterAll(async () => {
  if (cleanup.baseURL && cleanup.token) {
    const api = await request.newContext({
      extraHTTPHeaders: { authorization: `token ${cleanup.token}` },
    });
    // The mount first: a bind mount left behind would keep the Hub's data folder busy.
    await api.delete(`${cleanup.baseURL}/services/kernels/api/styx/mounts/${ITEM}`);
    await api.delete(`${cleanup.baseURL}/services/catalog/collections/${COLLECTION}`);
    await api.dispose();
  }
  await rm(folder, { recursive: true, force: true });
});

test('mount a dataset from the catalog panel, see it in the mounts view, open it from a notebook', async ({
  page,
  baseURL,
}) => {
  // Logging in, starting a server and a kernel through the Hub take a while.
  test.setTimeout(360_000);
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      console.log(`[console ${message.type()}] ${message.text()}`);
    }
  });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'levels.csv'), 'date,level_m\n2024-05-01,1.25\n2024-05-02,1.75\n');

  await page.goto('/hub/login');
  await page.locator('#username_input').fill('admin');
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();
  await page.waitForURL(/\/user\/admin\/lab/, { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });

  // The admin (a catalog writer) publishes the dataset: one item, its CSV a file in the data root.
  const catalogUrl = `${baseURL}/services/catalog/`;
  const token = await labToken(page);
  const headers = { authorization: `token ${token}` };
  Object.assign(cleanup, { baseURL, token });
  const created = await page.request.post(`${catalogUrl}collections`, {
    headers,
    data: {
      type: 'Collection',
      stac_version: '1.0.0',
      id: COLLECTION,
      title: `Mounted river levels ${run}`,
      description: 'A UI test dataset on the shared file system',
      license: 'CC0-1.0',
      extent: {
        spatial: { bbox: [[-1, 47, 0, 48]] },
        temporal: { interval: [['2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z']] },
      },
      links: [],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const item = await page.request.post(`${catalogUrl}collections/${COLLECTION}/items`, {
    headers,
    data: {
      type: 'Feature',
      stac_version: '1.0.0',
      id: ITEM,
      collection: COLLECTION,
      geometry: { type: 'Point', coordinates: [-0.5, 47.5] },
      bbox: [-0.5, 47.5, -0.5, 47.5],
      properties: { datetime: '2024-05-01T00:00:00Z' },
      assets: {
        levels: {
          href: join(folder, 'levels.csv'),
          type: 'text/csv',
          roles: ['data'],
          title: 'Daily water level',
        },
      },
      links: [],
    },
  });
  expect(item.status(), await item.text()).toBe(201);

  // 1. The item in the catalog panel: Mount.
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const catalog = page.locator('.styx-CatalogPanel');
  await catalog.locator('.styx-CollectionSearch').fill(run);
  await catalog.locator('.styx-CollectionRow', { hasText: COLLECTION }).click();
  await catalog.locator('.styx-SearchButton').click();
  await catalog.locator('.styx-ResultRow', { hasText: ITEM }).click();
  const itemView = catalog.locator('.styx-ItemView');
  await expect(itemView.locator('.styx-ItemView-title')).toHaveText(ITEM);
  const mount = itemView.locator('.styx-Mount');
  await expect(mount).toBeEnabled();
  await expect(mount).toHaveAttribute('title', new RegExp(`at data/${ITEM} in your home`));
  await mount.click();
  await expect(itemView.locator('.styx-Unmount')).toBeVisible();
  await expect(itemView.locator('.styx-MountPath')).toHaveText(`data/${ITEM}`);

  // 2. The mounts view lists it, mounted; a click shows its files in the file browser.
  await page.locator('.jp-SideBar [data-id="styx-mounts"]').click();
  const row = page.locator(`.styx-MountsPanel .styx-MountRow[data-mount-name="${ITEM}"]`);
  await expect(row.locator('.styx-MountRow-state')).toHaveText('mounted');
  await expect(row.locator('.styx-MountRow-source')).toHaveText(folder);
  await row.locator('.styx-MountRow-path').click();
  await expect(page.locator('.jp-FileBrowser .jp-BreadCrumbs')).toContainText(ITEM);
  // (The narrow sidebar may leave the name column too small to show the name itself.)
  await expect(
    page.locator('.jp-FileBrowser .jp-DirListing-itemText', { hasText: 'levels.csv' }),
  ).toBeAttached();

  // 3. A notebook (its kernel through the gateway says where it runs); the item dropped on it
  //    reads the mounted file, and the kernel opens it.
  // Back to the home: data/<name> is read-only, no place for a notebook.
  await page.locator('.jp-FileBrowser .jp-BreadCrumbs-home').click();
  await expect(page.locator('.jp-FileBrowser .jp-BreadCrumbs')).not.toContainText(ITEM);
  await page.locator('.jp-ToolbarButtonComponent[data-command="launcher:create"]').click();
  await page.locator('.jp-LauncherCard[data-category="Notebook"]:visible').first().click();
  const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)').first();
  await expect(notebook.locator('.styx-KernelPlacement')).toHaveText('runs on: gateway host', {
    timeout: 60_000,
  });
  await expect(notebook.locator('.styx-KernelPlacement')).toHaveAttribute(
    'title',
    /runs as a process on the gateway host/,
  );
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const heading = itemView.locator('.styx-ItemView-heading');
  await drag(page, heading, notebook.locator('.jp-Notebook'));
  const cell = notebook.locator('.jp-CodeCell', { hasText: 'expanduser' });
  await expect(cell).toContainText(`'~/data/${ITEM}/levels.csv'`);
  // The remote path is named in a comment only, never as a string the reader gets.
  await expect(cell).not.toContainText(`'${folder}`);
  // Run it once the kernel (started through the gateway) is idle.
  await expect(notebook.locator('.jp-Notebook-ExecutionIndicator')).toHaveAttribute(
    'data-status',
    'idle',
    { timeout: 120_000 },
  );
  await cell.locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Shift+Enter');
  const output = cell.locator('.jp-OutputArea-output');
  await expect(output).toContainText('level_m', { timeout: 120_000 });
  await expect(output).toContainText('1.75');

  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'mounted-dataset.png') });

  // 4. Unmount from the mounts view (still open on the right): gone there, and the panel offers
  //    Mount again.
  await expect(page.locator('.styx-MountsPanel')).toBeVisible();
  await row.locator('.styx-Unmount').click();
  await expect(row).toHaveCount(0);
  await expect(itemView.locator('.styx-Mount')).toBeEnabled();
});
