import type { Locator, Page } from '@playwright/test';

/**
 * A Lumino drag as a user does it: press on the source, move in steps (Lumino starts a drag
 * only after the pointer has moved), release over the target.
 */
export async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  const [x0, y0] = [from.x + from.width / 2, from.y + from.height / 2];
  const [x1, y1] = [to.x + to.width / 2, to.y + Math.min(to.height / 2, 120)];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(x0 + ((x1 - x0) * step) / 10, y0 + ((y1 - y0) * step) / 10);
  }
  await page.mouse.up();
}
