/**
 * The other ways in: an asset dropped on a console runs at once in its kernel, and the
 * context menu's "Insert into Notebook" writes the cell without any dragging.
 */

import { TEST_SETTINGS } from './catalog-settings.js';
import { expect, test } from './galata-fixtures.js';
import { drag } from './lumino-drag.js';

test.use({ autoGoto: true, mockSettings: TEST_SETTINGS });

test('an asset dropped on a console opens in its kernel; the context menu inserts into a notebook', async ({
  page,
}) => {
  await page.sidebar.openTab('styx-catalog');
  const panel = page.locator('.styx-CatalogPanel');
  await panel.locator('.styx-CollectionRow', { hasText: 'virtual stations' }).first().click();
  await panel.locator('.styx-SearchButton').click();
  const firstRow = panel.locator('.styx-ResultRow').first();
  await expect(firstRow).toBeVisible();
  const itemId = (await firstRow.getAttribute('data-item-id')) ?? '';
  await firstRow.click();

  // The item's CSV asset, dragged onto a Python console: pandas reads it over HTTP at once.
  const asset = panel.locator('.styx-AssetRow', { hasText: /csv/i }).first();
  await expect(asset).toBeVisible();
  await page.evaluate(async () => {
    // Nothing returned: the console widget does not cross into the test process.
    await window.jupyterapp.commands.execute('console:create', {
      kernelPreference: { name: 'python3' },
    });
  });
  const console = page.locator('.jp-CodeConsole').first();
  await expect(console).toBeVisible();
  await expect(page.locator('.jp-CodeConsole-promptCell')).toBeVisible();
  await expect(page.locator('#jp-main-statusbar')).toContainText('Idle', { timeout: 60_000 });
  await asset.scrollIntoViewIfNeeded();
  await drag(page, asset, console.locator('.jp-CodeConsole-content'));
  // The DataFrame's columns are the series' columns.
  await expect(console.locator('.jp-OutputArea-output').last()).toContainText('water_level_m', {
    timeout: 60_000,
  });

  // Right-click on the result row: Insert into Notebook opens a notebook with the cell.
  await firstRow.click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Insert into Notebook' }).click();
  const cell = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell', {
    hasText: itemId,
  });
  await expect(cell).toHaveCount(1, { timeout: 60_000 });
});
