/**
 * The scientist's path through Styx in a real JupyterLab, against the real catalog API with the
 * demo data: open the panel, search by words, dates and the map's view, see the count and the
 * footprints, pick an item on the map, drag it into a notebook and open it in a Python kernel.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { TEST_SETTINGS } from './catalog-settings.js';
import { expect, type IJupyterLabPageFixture, test } from './galata-fixtures.js';
import { drag } from './lumino-drag.js';
import { mapCall, openMapFromPanel } from './map-call.js';
import { colourPixels } from './map-pixels.js';
import { matchedOf } from './result-count.js';

// The README's pictures are refreshed with STYX_UPDATE_SCREENSHOTS=1; otherwise the test's
// screenshots go with its other outputs.
const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);

test.use({ autoGoto: true, mockSettings: TEST_SETTINGS });

test('search, see on the map, select on the map, drag into a notebook and open it', async ({
  page,
}) => {
  // Browser errors go to the test output: they are the first clue when a step fails.
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[browser] ${message.text()}`);
  });
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));

  // 1. The panel, from its sidebar tab, lists the demo collections.
  await page.sidebar.openTab('styx-catalog');
  const panel = page.locator('.styx-CatalogPanel');
  await expect(panel.locator('.styx-CollectionRow')).toHaveCount(5);

  // 2. The map, empty of footprints so far.
  const map = await openMapFromPanel(page, panel);
  await waitForMapRender(page);
  const emptyMap = await footprintPixels(page, map);

  // 3. A first search (collection + words + dates) to find the area, then the map's view as bbox.
  await panel.locator('.styx-CollectionRow', { hasText: 'water mask' }).first().click();
  await panel.locator('.styx-SearchText').fill('water mask');
  await panel.locator('.styx-DateStart').fill('2023-01-01');
  await panel.locator('.styx-DateEnd').fill('2024-12-31');
  await panel.locator('.styx-SearchButton').click();
  const count = panel.locator('.styx-ResultCount');
  await expect(count).toContainText(/matched/);
  const allMatched = matchedOf((await count.textContent()) ?? '');
  expect(allMatched).toBeGreaterThan(0);

  // Zoom the map to western Europe (as a user would with the wheel), then search again
  // within the map's view.
  await mapCall(page, 'fitBounds', [-5, 42, 11, 52], { animate: false });
  await waitForMapRender(page);
  await panel.locator('.styx-UseMapView').click();
  await panel.locator('.styx-SearchButton').click();
  await expect(count).toContainText(/matched/);
  const inView = matchedOf((await count.textContent()) ?? '');
  expect(inView).toBeGreaterThan(0);
  expect(inView).toBeLessThan(allMatched);
  // The search used the map's view, and every listed item lies in it.
  const { bbox, itemBboxes } = await page.evaluate(() => {
    type Model = { query: { bbox: number[] | null }; results: { items: { bbox?: number[] }[] } };
    const map = [...window.jupyterapp.shell.widgets('main')].find((w) => w.id === 'styx-map');
    const model = (map as unknown as { content: { model: Model } }).content.model;
    return {
      bbox: model.query.bbox ?? [],
      itemBboxes: model.results.items.map((i) => i.bbox ?? []),
    };
  });
  const [west = 0, south = 0, east = 0, north = 0] = bbox;
  expect(west).toBeLessThanOrEqual(-5);
  expect(east).toBeGreaterThanOrEqual(11);
  expect(itemBboxes.length).toBeGreaterThan(0);
  for (const [w = 0, s = 0, e = 0, n = 0] of itemBboxes) {
    expect(w <= east && e >= west && s <= north && n >= south).toBe(true);
  }
  const rows = panel.locator('.styx-ResultRow');
  await expect(rows.first()).toBeVisible();

  // 4. The footprints are on the map: many more footprint-coloured pixels than before.
  await waitForMapRender(page);
  const withResults = await footprintPixels(page, map);
  expect(withResults).toBeGreaterThan(emptyMap + 500);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'panel-and-map.png'), timeout: 60_000 });

  // 5. Click a footprint on the map: the panel shows that item.
  const picked = await clickFirstFootprint(page);
  const itemView = panel.locator('.styx-ItemView');
  await expect(itemView).toContainText(picked);
  await expect(panel.locator(`.styx-ResultRow[data-item-id="${picked}"]`)).toHaveClass(
    /styx-mod-selected/,
  );

  // 6. Drag the item onto a new notebook: a code cell that opens it appears; run it.
  await page.notebook.createNew('dropped.ipynb');
  await page.waitForSelector('.jp-Notebook');
  const source = panel.locator(`.styx-ResultRow[data-item-id="${picked}"]`);
  const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').first();
  await drag(page, source, notebook);
  const cell = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell', {
    hasText: picked,
  });
  await expect(cell).toHaveCount(1);
  const index = await cellIndexOf(page, picked);
  await page.notebook.runCell(index);
  const output = (await page.notebook.getCellTextOutput(index))?.join('\n') ?? '';
  // rioxarray opened the GeoTIFF over HTTP: an xarray DataArray with its raster dimensions.
  expect(output).toContain('<xarray.DataArray');
  expect(output).toMatch(/band: 1.*y: \d+.*x: \d+|y: \d+.*x: \d+/s);
  await page.screenshot({ path: join(SCREENSHOTS, 'dropped-into-notebook.png'), timeout: 60_000 });
});

/** Waits until deck.gl has drawn a frame after the latest change (and the GPU finished it). */
async function waitForMapRender(page: Page): Promise<void> {
  await mapCall(page, 'nextRender');
}

/** Pixels of the footprint colour in a screenshot of the map (read back in the browser). */
async function footprintPixels(page: Page, map: Locator): Promise<number> {
  const color = await mapCall<[number, number, number]>(page, 'footprintColor');
  // Footprints are drawn translucent over the basemap: near the colour, not exactly it.
  return colourPixels(page, map, color, 90);
}

/** Clicks the middle of the first result's footprint on the map; returns that item's id. */
async function clickFirstFootprint(page: Page): Promise<string> {
  const target = await mapCall<{ x: number; y: number; id: string } | null>(
    page,
    'screenPointOfResult',
    0,
  );
  if (!target) throw new Error('the first result is not on the map');
  // Hover first and let the map redraw: deck.gl recognises a click only when press and release
  // are close in time, and a software-rendered frame in between would stretch the press.
  await page.mouse.move(target.x, target.y);
  await waitForMapRender(page);
  await page.mouse.click(target.x, target.y);
  return target.id;
}

async function cellIndexOf(page: IJupyterLabPageFixture, text: string): Promise<number> {
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
  const total = await cells.count();
  for (let i = 0; i < total; i++) {
    if (((await cells.nth(i).textContent()) ?? '').includes(text)) return i;
  }
  throw new Error(`no cell mentions ${text}`);
}
