import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { BASE_URL } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';
import { listenTestCatalog } from '../support/listening-catalog.js';

/** Debian's Chromium (scripts/setup.sh installs it; Playwright cannot download its own here). */
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * A person in a plain browser, no JupyterLab: opens the catalog's root, sees the collections,
 * opens one, sees its items, opens an item and sees its assets and quick look. Real Chromium
 * against the fixture catalog listening on loopback. The screenshots are the README's.
 */
describe('the web view in Chromium (pglite)', () => {
  let catalog: Awaited<ReturnType<typeof listenTestCatalog>>;
  let browser: Browser;
  let page: Page;
  let f: Fixture;

  beforeAll(async () => {
    [catalog, f] = await Promise.all([listenTestCatalog('pglite'), fixture()]);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // The fixture was loaded with asset hrefs under the tests' public URL (BASE_URL); those
    // files are the ones this catalog serves, so the browser is sent to it for them.
    await page.route(`${BASE_URL}**`, async (route) => {
      const url = catalog.url + route.request().url().slice(BASE_URL.length);
      await route.fulfill({ response: await route.fetch({ url }) });
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await catalog?.close();
  });

  it('goes from the root to the collections, a collection, its items and an item with its assets', async () => {
    await page.goto(catalog.url);
    expect(page.url()).toBe(`${catalog.url}browser/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();
    for (const c of f.collections) {
      await expect(
        page
          .getByRole('link', { name: String(c.title ?? c.id), exact: true })
          .first()
          .isVisible(),
      ).resolves.toBe(true);
    }

    await page.screenshot({ path: `${SCREENSHOTS}web-view-catalog.png`, fullPage: false });

    // A collection whose items have quick looks (the water masks).
    const withThumbnail = f.items.find((i) =>
      Object.values(i.assets ?? {}).some((a) =>
        (a as { roles?: string[] }).roles?.includes('thumbnail'),
      ),
    ) as StacItem;
    const collection = f.collections.find((c) => c.id === withThumbnail.collection)!;
    await page
      .locator('.cards')
      .getByRole('link', { name: String(collection.title ?? collection.id), exact: true })
      .click();
    await page.waitForURL(`${catalog.url}browser/collections/${encodeURIComponent(collection.id)}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      String(collection.title ?? collection.id),
    );
    const rows = page.locator('table.items tbody tr');
    await expect(rows.count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('svg.footprint-map path.footprint').count()).resolves.toBe(
      await rows.count(),
    );
    await page.screenshot({ path: `${SCREENSHOTS}web-view-collection.png`, fullPage: false });

    const firstItem = rows.first().locator('a').first();
    const itemTitle = await firstItem.textContent();
    await firstItem.click();
    await page.waitForURL(/\/browser\/collections\/[^/]+\/items\/[^/]+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(itemTitle);
    await expect(page.getByRole('heading', { name: 'Assets' }).isVisible()).resolves.toBe(true);
    const assetLinks = page.locator('table.assets a');
    await expect(assetLinks.count()).resolves.toBeGreaterThan(0);
    // The quick look really loaded (decoded pixels, not a broken image).
    const quickLook = page.locator('.quicklook img');
    await quickLook.waitFor();
    await expect(
      quickLook.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}web-view-item.png`, fullPage: false });

    // An asset link leads to the file itself.
    const href = await assetLinks.first().getAttribute('href');
    expect(href?.startsWith(BASE_URL)).toBe(true);
    const response = await fetch(catalog.url + href!.slice(BASE_URL.length));
    expect(response.status).toBe(200);
  });

  it('pages through a collection with the Next items link', async () => {
    const counts = new Map<string, number>();
    for (const item of f.items)
      counts.set(item.collection!, (counts.get(item.collection!) ?? 0) + 1);
    const [collectionId, total] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(total).toBeGreaterThan(20); // more than one page of 20
    await page.goto(`${catalog.url}browser/collections/${encodeURIComponent(collectionId)}`);
    const first = await page.locator('table.items tbody tr a').first().textContent();
    await page.getByRole('link', { name: 'Next items' }).click();
    await page.waitForURL(/token=/);
    const second = await page.locator('table.items tbody tr a').first().textContent();
    expect(second).not.toBe(first);
    await page.getByRole('link', { name: 'Previous items' }).click();
    await page.waitForURL(/token=/);
    await expect(page.locator('table.items tbody tr a').first().textContent()).resolves.toBe(first);
  });

  it('finds items from the search box on the front page', async () => {
    await page.goto(`${catalog.url}browser/`);
    await page.getByLabel('Search items').fill('river discharge');
    await page.getByLabel('Search items').press('Enter');
    await page.waitForURL(/\/browser\/search\?/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'river discharge',
    );
    await expect(page.locator('table.items tbody tr').count()).resolves.toBeGreaterThan(0);
  });

  it('still answers a JSON client at the root with the landing page', async () => {
    const res = await fetch(catalog.url, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; links: { rel: string }[] };
    expect(body.type).toBe('Catalog');
    expect(body.links.some((l) => l.rel === 'data')).toBe(true);
  });
});
