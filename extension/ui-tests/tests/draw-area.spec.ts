/**
 * A search area drawn on the map: "Draw on map" in the panel, a rectangle dragged on the map,
 * and the search finds only what lies inside it.
 */

import { TEST_SETTINGS } from './catalog-settings.js';
import { expect, test } from './galata-fixtures.js';
import { matchedOf } from './result-count.js';

test.use({ autoGoto: true, mockSettings: TEST_SETTINGS });

test('a rectangle drawn on the map becomes the search area', async ({ page }) => {
  await page.sidebar.openTab('styx-catalog');
  const panel = page.locator('.styx-CatalogPanel');
  await panel.locator('.styx-CollectionRow', { hasText: 'gauging' }).first().click();
  await panel.locator('.styx-SearchButton').click();
  const count = panel.locator('.styx-ResultCount');
  await expect(count).toContainText(/matched/);
  const everywhere = matchedOf((await count.textContent()) ?? '');

  // "Draw on map" opens the map in drawing mode; drag across the middle third of it.
  await panel.locator('.styx-DrawBbox').click();
  const map = page.locator('.styx-MapView');
  await expect(map).toHaveClass(/styx-mod-drawing/);
  const box = await map.boundingBox();
  if (!box) throw new Error('the map is not visible');
  const [x0, y0] = [box.x + box.width / 3, box.y + box.height / 3];
  const [x1, y1] = [box.x + (2 * box.width) / 3, box.y + (2 * box.height) / 3];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) {
    await page.mouse.move(x0 + ((x1 - x0) * step) / 8, y0 + ((y1 - y0) * step) / 8);
  }
  await page.mouse.up();
  await expect(map).not.toHaveClass(/styx-mod-drawing/);

  // The panel shows the drawn area, and a search within it finds fewer gauges.
  await expect(panel.locator('.styx-AreaText')).not.toHaveText('anywhere');
  await panel.locator('.styx-SearchButton').click();
  await expect(count).toContainText(/matched/);
  await expect
    .poll(async () => matchedOf((await count.textContent()) ?? ''))
    .toBeLessThan(everywhere);
});
