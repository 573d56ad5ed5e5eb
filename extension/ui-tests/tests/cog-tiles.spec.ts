/**
 * The real pixels of a Cloud-Optimised GeoTIFF on the map: select a water mask in the panel and
 * the map asks the catalog for its TileJSON and tiles, then draws the mask's water in the
 * colour its classification suggests, where before only the footprint was.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_SETTINGS } from './catalog-settings.js';
import { expect, test } from './galata-fixtures.js';
import { mapCall, openMapFromPanel } from './map-call.js';
import { colourPixels } from './map-pixels.js';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);

/** The water and land classes' colour hints in the demo masks (classification:classes). */
const WATER: [number, number, number] = [0x1f, 0x78, 0xb4];
const LAND: [number, number, number] = [0xd9, 0xcf, 0xae];

test.use({ autoGoto: true, mockSettings: TEST_SETTINGS });

test('a selected water mask is drawn on the map from the catalog COG tiles', async ({ page }) => {
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[browser] ${message.text()}`);
  });
  const tileJsons: string[] = [];
  const tiles: { url: string; status: number; type: string }[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (/\/tiles\/.+\/tilejson\.json/.test(url)) tileJsons.push(url);
    else if (/\/tiles\/.+\/\d+\/\d+\/\d+\.png/.test(url)) {
      tiles.push({
        url,
        status: response.status(),
        type: response.headers()['content-type'] ?? '',
      });
    }
  });

  await page.sidebar.openTab('styx-catalog');
  const panel = page.locator('.styx-CatalogPanel');
  const map = await openMapFromPanel(page, panel);

  // Water masks only, so that the first result is one.
  await panel.locator('.styx-CollectionRow', { hasText: 'water mask' }).first().click();
  await panel.locator('.styx-SearchButton').click();
  await expect(panel.locator('.styx-ResultCount')).toContainText(/matched/);
  const first = panel.locator('.styx-ResultRow').first();
  const itemId = await first.getAttribute('data-item-id');
  expect(itemId).toBeTruthy();

  // Selecting it flies the map to it; let the flight end, then measure the footprint alone.
  await first.click();
  await expect(panel.locator('.styx-ItemView')).toContainText(itemId ?? '');
  await expect.poll(() => tileJsons.length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(tileJsons[0]).toContain(`/${encodeURIComponent(itemId ?? '')}/`);
  // The colour map comes from the asset's classes: water is #1F78B4, land transparent.
  expect(decodeURIComponent(tileJsons[0] ?? '')).toContain('1F78B4');

  // Tiles arrive as PNGs from the catalog, and the map draws them.
  await expect
    .poll(() => tiles.filter((t) => t.status === 200).length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  for (const tile of tiles.filter((t) => t.status === 200)) {
    expect(tile.type).toBe('image/png');
    expect(tile.url).toContain(`/${encodeURIComponent(itemId ?? '')}/`);
  }
  const pixels = map.locator('.styx-MapPixelsButton');
  await expect(pixels).toBeVisible();
  await expect(pixels).toHaveAttribute('aria-pressed', 'true');
  await mapCall(page, 'nextRender');
  const withTiles = await colourPixels(page, map, WATER, 30);
  // Every class in its own colour: land too, not the footprints stacked under a see-through one.
  expect(await colourPixels(page, map, LAND, 30)).toBeGreaterThan(1000);

  // The toolbar's Pixels toggle hides them: the footprint and the quick look are back, and the
  // water colour is (nearly) gone, so the pixels counted came from the COG tiles.
  await pixels.click();
  await expect(pixels).toHaveAttribute('aria-pressed', 'false');
  await mapCall(page, 'nextRender');
  const withoutTiles = await colourPixels(page, map, WATER, 30);
  await pixels.click();
  await expect(pixels).toHaveAttribute('aria-pressed', 'true');
  await mapCall(page, 'nextRender');
  console.log(`water-coloured pixels: ${withTiles} with tiles, ${withoutTiles} without`);
  expect(withTiles).toBeGreaterThan(withoutTiles + 200);

  // The pointer off the toolbar, so that the picture shows no hover state.
  await page.mouse.move(600, 880);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'cog-tiles-on-map.png'), timeout: 60_000 });
});
