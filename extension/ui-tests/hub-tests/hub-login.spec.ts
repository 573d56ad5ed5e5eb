/**
 * The multi-user Styx as a person meets it: the Hub's login page, their own JupyterLab, the
 * Styx panel, and a search that reaches the catalog through the Hub with their own token.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { matchedOf } from '../tests/result-count.js';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);
const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';

test('log in through the Hub, open the Styx panel and search the catalog through the Hub', async ({
  page,
  baseURL,
}) => {
  const catalogUrl = `${baseURL}/services/catalog/`;
  const catalogCalls: Array<{ url: string; method: string; authorization: string | undefined }> =
    [];
  page.on('request', (request) => {
    // The panel's API calls (thumbnails are <img> loads of public files, without headers).
    if (request.url().startsWith(catalogUrl) && request.resourceType() === 'fetch') {
      catalogCalls.push({
        url: request.url(),
        method: request.method(),
        authorization: request.headers().authorization,
      });
    }
  });
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));

  // 1. The Hub's own login page: a wrong password is refused, the right one lets ada in.
  await page.goto('/hub/login');
  await page.locator('#username_input').fill('ada');
  await page.locator('#password_input').fill('not-the-password');
  await page.locator('#login_submit').click();
  await expect(page.getByText(/invalid username or password/i)).toBeVisible();
  await page.locator('#username_input').fill('ada');
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();

  // 2. The Hub starts ada's JupyterLab and sends her there.
  await page.waitForURL(/\/user\/ada\/lab/, { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });

  // 3. The Styx panel lists the demo collections, fetched from the Hub's catalog service.
  await page.locator('.jp-SideBar [data-id="styx-catalog"]').click();
  const panel = page.locator('.styx-CatalogPanel');
  await expect(panel.locator('.styx-CollectionRow')).toHaveCount(5);

  // 4. A search by words, through the Hub.
  await panel.locator('.styx-CollectionRow', { hasText: 'water mask' }).first().click();
  await panel.locator('.styx-SearchText').fill('water mask');
  await panel.locator('.styx-SearchButton').click();
  const count = panel.locator('.styx-ResultCount');
  await expect(count).toContainText(/matched/);
  expect(matchedOf((await count.textContent()) ?? '')).toBeGreaterThan(0);
  await expect(panel.locator('.styx-ResultRow').first()).toBeVisible();

  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'hub-lab-panel.png') });

  // Every call went to the catalog behind the Hub, with ada's own JupyterLab token.
  const search = catalogCalls.find((c) => c.url === `${catalogUrl}search` && c.method === 'POST');
  expect(search, 'a POST /search through the Hub').toBeDefined();
  for (const call of catalogCalls) {
    expect(call.authorization, call.url).toMatch(/^token \S+$/);
  }

  // That token is ada's: the catalog says so, and that she may not write.
  const token = (search?.authorization ?? '').replace(/^token /, '');
  const whoami = await page.request.get(`${catalogUrl}whoami`, {
    headers: { authorization: `token ${token}` },
  });
  expect(await whoami.json()).toMatchObject({ name: 'ada', canWrite: false });
});
