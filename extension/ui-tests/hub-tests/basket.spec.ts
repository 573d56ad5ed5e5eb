/**
 * The basket as a person uses it, on the real Hub (the catalog knows whose basket it is from
 * the token the extension sends): an item added from the catalog panel, listed in the basket
 * view with sizes, checksums and the total, downloaded as a zip with its progress, then cleared.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);
const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';

test('add an item to the basket from the catalog panel, see it listed with sizes and checksums, download the zip', async ({
  page,
}) => {
  test.setTimeout(300_000);
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  // Chromium's save picker is a native dialog Playwright cannot answer: it is replaced by one
  // that "picks" a file in the origin-private file system (a real FileSystemFileHandle, written
  // through a real FileSystemWritableFileStream), and remembers what it was asked.
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.showSaveFilePicker = async (options: { suggestedName: string }) => {
      w.styxPicked = options;
      const root = await navigator.storage.getDirectory();
      return root.getFileHandle(options.suggestedName, { create: true });
    };
  });
  await page.goto('/hub/login');
  await page.locator('#username_input').fill('basil');
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();
  await page.waitForURL(/\/user\/basil\/lab/, { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });

  // A virtual station in the catalog panel: "Add to basket" on the item.
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const catalog = page.locator('.styx-CatalogPanel');
  await catalog.locator('.styx-CollectionRow', { hasText: 'virtual stations' }).first().click();
  await catalog.locator('.styx-SearchButton').click();
  await catalog.locator('.styx-ResultRow').first().click();
  const itemView = catalog.locator('.styx-ItemView');
  // The heading shows the item's title, and its id beside it when it has a title.
  const id = itemView.locator('.styx-ItemView-id');
  const itemId =
    (await id.count()) > 0
      ? ((await id.textContent()) ?? '')
      : ((await itemView.locator('.styx-ItemView-title').textContent()) ?? '');
  const assets = await itemView.locator('.styx-AssetRow').count();
  expect(assets).toBeGreaterThan(0);
  await itemView.locator('.styx-ItemView-actions .styx-AddToBasket').click();
  await expect(itemView.locator('.styx-ItemView-actions .styx-RemoveFromBasket')).toHaveText(
    'In basket ✓',
  );
  // Each of its assets says it is in the basket too.
  await expect(itemView.locator('.styx-AssetRow .styx-RemoveFromBasket')).toHaveCount(assets);

  // The basket view lists every asset, with where its size comes from and its checksum.
  await page.locator('.jp-SideBar [data-id="styx-basket"]').click();
  const basket = page.locator('.styx-BasketPanel');
  const rows = basket.locator('.styx-BasketRow');
  await expect(rows).toHaveCount(assets);
  await expect(rows.first().locator('.styx-BasketRow-path')).toContainText(`/${itemId}/`);
  await expect(rows.first().locator('.styx-BasketRow-size')).toContainText('(from the catalog)');
  await expect(rows.first().locator('.styx-BasketRow-checksum')).toContainText('sha256 ');
  await expect(basket.locator('.styx-BasketTotal')).toContainText(`${assets} file`);

  // Download (zip) where the browser has a save picker: the zip is written into the picked
  // file as it arrives (not held in the page's memory), and the progress reaches 100 %.
  await basket.locator('.styx-DownloadZip').click();
  await expect(basket.locator('.styx-BasketProgress-text')).toContainText('(100%)');
  const picked = await page.evaluate(async () => {
    const w = window as unknown as { styxPicked?: { suggestedName: string } };
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle('styx-basket.zip')).getFile();
    const bytes = new Uint8Array(await file.arrayBuffer());
    return {
      asked: w.styxPicked?.suggestedName,
      size: bytes.byteLength,
      head: [...bytes.slice(0, 4)],
      // Zip entry names are stored as they are: the manifest and the checksums are in it.
      text: new TextDecoder('latin1').decode(bytes),
    };
  });
  expect(picked.asked).toBe('styx-basket.zip');
  expect(picked.head).toEqual([0x50, 0x4b, 0x03, 0x04]);
  expect(picked.text).toContain('SHA256SUMS');
  expect(picked.text).toContain(itemId.trim());

  // Where there is no picker (Firefox, Safari): the browser's own download of the same zip.
  await page.evaluate(() => {
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
  const downloading = page.waitForEvent('download');
  await basket.locator('.styx-DownloadZip').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('styx-basket.zip');
  await expect(basket.locator('.styx-BasketProgress-text')).toContainText('(100%)');
  const saved = await download.path();
  expect((await stat(saved)).size).toBe(picked.size);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'basket.png') });

  // Clear: the basket is empty, and the panel offers "Add to basket" again.
  await basket.locator('.styx-ClearBasket').click();
  await expect(rows).toHaveCount(0);
  await expect(basket.locator('.styx-Message')).toContainText('The basket is empty');
  await expect(itemView.locator('.styx-ItemView-actions .styx-AddToBasket')).toBeVisible();
});
