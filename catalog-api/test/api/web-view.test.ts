import { hubServiceFromEnv } from '@styx/hub-auth';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { BASE_URL, openTestCatalog, type TestCatalog, WRITE_TOKEN } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

/** What Chromium sends when a person opens a URL. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Every href and src on a page, unescaped as a browser reads them. */
const hrefs = (page: string) =>
  [...page.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

/**
 * The web view through app.inject: content negotiation on the landing page, the pages' content
 * and links, their errors, escaping of user-written metadata, and serving under a Hub prefix.
 * One database kind is enough: the pages read the API's JSON, which browse.test.ts checks on
 * both. The same pages in a real browser: web-view-browser.test.ts.
 */
describe('the web view (pglite)', () => {
  let t: TestCatalog;
  let f: Fixture;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog('pglite'), fixture()]);
  });
  afterAll(async () => t?.close());

  const open = async (url: string, accept = BROWSER_ACCEPT) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { accept } });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  };

  it('sends a browser at the root to the web view, and gives STAC clients the landing JSON', async () => {
    const browser = await open('/');
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe(`${BASE_URL}browser/`);
    expect(browser.headers.vary).toMatch(/accept/i);
    // CORS's own Vary stays: caches keep cross-origin answers apart too.
    const json0 = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { accept: 'application/json', origin: 'http://lab.example' },
    });
    expect(String(json0.headers.vary).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['origin', 'accept']),
    );

    const json = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { accept: 'application/json' },
    });
    const wildcard = await t.app.inject({ method: 'GET', url: '/', headers: { accept: '*/*' } });
    const none = await t.app.inject({ method: 'GET', url: '/' });
    const asked = await open('/?f=json');
    for (const res of [json, wildcard, none]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toEqual(json.json());
    }
    expect(asked.status).toBe(200);
    expect(JSON.parse(asked.body)).toEqual(json.json());
    expect(json.json().type).toBe('Catalog');
  });

  it('lists every collection, each linking to its page, with no script on the page', async () => {
    const page = await open('/browser/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toContain('<script');
    for (const c of f.collections) {
      expect(page.body).toContain(String(c.title ?? c.id));
      expect(hrefs(page.body)).toContain(
        `${BASE_URL}browser/collections/${encodeURIComponent(c.id)}`,
      );
    }
    const css = await open(`/browser/style.css`);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('pages through the collections with the Next collections link', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/browser/?limit=2';
    while (url && seen.length <= f.collections.length) {
      const page = await open(url);
      expect(page.status).toBe(200);
      for (const m of page.body.matchAll(/<h3><a href="[^"]*\/browser\/collections\/([^"]+)">/g)) {
        seen.push(decodeURIComponent(m[1]!));
      }
      const next = /<a rel="next" href="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
      url = next?.slice(BASE_URL.length - 1);
    }
    expect(seen.sort()).toEqual(f.collections.map((c) => c.id).sort());
  });

  it('searches collections by free text (expanded by the thesaurus, as the API does)', async () => {
    const page = await open('/browser/?q=lake');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/collections? matching “lake”/);
    const lakes = f.collections.filter((c) => /lake/i.test(`${c.title} ${c.description}`));
    expect(lakes.length).toBeGreaterThan(0);
    for (const c of lakes) expect(page.body).toContain(String(c.title ?? c.id));
  });

  it('searches items by free text through the thesaurus, by time, and within a collection', async () => {
    // The demo's gauges say streamflow, not "river discharge": only the thesaurus links them.
    const found = await open('/browser/search?q=river+discharge&datetime=&bbox=');
    expect(found.status).toBe(200);
    expect(found.body).toContain('Items matching “river discharge”');
    const items = [
      ...found.body.matchAll(/<td><a href="[^"]*\/browser\/collections\/([^/"]+)\/items\//g),
    ];
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((m) => m[1])).toContain('insitu-gauges');

    const collectionId = f.collections[0]!.id;
    const within = await open(`/browser/search?collections=${collectionId}&q=`);
    expect(within.status).toBe(200);
    const listed = [
      ...within.body.matchAll(/<td><a href="[^"]*\/browser\/collections\/([^/"]+)\/items\//g),
    ];
    expect(listed.length).toBeGreaterThan(0);
    for (const m of listed) expect(m[1]).toBe(collectionId);
    // The collection's page offers the search within it.
    const collectionPage = await open(`/browser/collections/${collectionId}`);
    expect(collectionPage.body).toContain(
      `<input type="hidden" name="collections" value="${collectionId}">`,
    );

    const bad = await open('/browser/search?datetime=last+tuesday');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/datetime/);
  });

  it("shows a collection's items a page at a time, with working next/previous pages", async () => {
    const counts = new Map<string, number>();
    for (const item of f.items)
      counts.set(item.collection!, (counts.get(item.collection!) ?? 0) + 1);
    const [collectionId, total] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const ids = new Set(f.items.filter((i) => i.collection === collectionId).map((i) => i.id));

    const seen = new Set<string>();
    let url: string | undefined =
      `/browser/collections/${encodeURIComponent(collectionId)}?limit=5`;
    let pages = 0;
    while (url && pages < 200) {
      const page = await open(url);
      expect(page.status).toBe(200);
      const itemLinks = hrefs(page.body).filter((h) => h.includes('/items/'));
      for (const h of itemLinks) seen.add(decodeURIComponent(h.split('/items/')[1]!));
      const next = /<a rel="next" href="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
      url = next?.slice(BASE_URL.length - 1);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(total / 5));
    expect(seen).toEqual(ids);
  });

  it('shows an item: its properties, its assets as links, its footprint and quick look', async () => {
    const item = f.items.find((i) =>
      Object.values(i.assets ?? {}).some((a) =>
        (a as { roles?: string[] }).roles?.includes('thumbnail'),
      ),
    ) as StacItem;
    expect(item).toBeDefined();
    const page = await open(
      `/browser/collections/${item.collection}/items/${encodeURIComponent(item.id)}`,
    );
    expect(page.status).toBe(200);
    for (const asset of Object.values(item.assets ?? {}) as { href: string }[]) {
      if (/^https?:/.test(asset.href)) expect(hrefs(page.body)).toContain(asset.href);
      else expect(page.body).toContain(`<code>${asset.href}</code>`);
    }
    expect(page.body).toMatch(/<img src="[^"]+" alt="Quick look of/);
    expect(page.body).toContain('class="footprint"');
    expect(page.body).toContain(String(item.properties.datetime ?? item.properties.start_datetime));
    // The way back: the breadcrumb links the catalog and the item's collection.
    expect(hrefs(page.body)).toContain(`${BASE_URL}browser/collections/${item.collection}`);
  });

  it("answers a missing collection or item with a 404 page in the API's words", async () => {
    const c = await open('/browser/collections/no-such-thing');
    expect(c.status).toBe(404);
    expect(c.headers['content-type']).toContain('text/html');
    expect(c.body).toContain('collection &#39;no-such-thing&#39; does not exist');
    const i = await open(`/browser/collections/${f.collections[0]!.id}/items/nope`);
    expect(i.status).toBe(404);
    expect(i.body).toMatch(/item &#39;nope&#39; does not exist/);
    expect((await open('/browser/nowhere')).status).toBe(404);
  });

  it('refuses an address it does not understand with a 400 page saying what to fix', async () => {
    const page = await open(`/browser/collections/${f.collections[0]!.id}?limit=ten`);
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toMatch(/limit/);
    expect(page.body).toMatch(/follow the page&#39;s own links/);
  });

  it('shows metadata that users wrote as text, never as markup or script links', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    const send = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
      });
    const created = await send('/collections', {
      type: 'Collection',
      stac_version: '1.0.0',
      id: 'web-view-scratch',
      title: `Scratch ${evil}`,
      description: evil,
      license: 'CC-BY-4.0',
      extent: {
        spatial: { bbox: [[1, 43, 2, 44]] },
        temporal: { interval: [['2024-01-01T00:00:00Z', null]] },
      },
      links: [],
    });
    expect(created.statusCode).toBe(201);
    const item = await send('/collections/web-view-scratch/items', {
      type: 'Feature',
      stac_version: '1.0.0',
      id: 'x1',
      collection: 'web-view-scratch',
      geometry: { type: 'Point', coordinates: [1.5, 43.5] },
      bbox: [1.5, 43.5, 1.5, 43.5],
      properties: { datetime: '2024-03-01T00:00:00Z', title: evil, note: evil },
      assets: { bad: { href: 'javascript:alert(1)', title: evil, roles: ['data'] } },
      links: [],
    });
    expect(item.statusCode).toBe(201);
    for (const url of [
      '/browser/',
      '/browser/collections/web-view-scratch',
      '/browser/collections/web-view-scratch/items/x1',
    ]) {
      const page = await open(url);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).not.toContain('href="javascript:');
    }
    const itemPage = await open('/browser/collections/web-view-scratch/items/x1');
    expect(itemPage.body).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(itemPage.body).toContain('<code>javascript:alert(1)</code>');
  });
});

describe('the web view under a JupyterHub service prefix (pglite)', () => {
  let t: TestCatalog;
  let app: FastifyInstance;
  const publicUrl = 'http://hub.test/services/catalog/';
  beforeAll(async () => {
    t = await openTestCatalog('pglite');
    // Anonymous reads never ask the Hub anything, so no Hub needs to listen at this address.
    const hub = hubServiceFromEnv({
      JUPYTERHUB_SERVICE_NAME: 'catalog',
      JUPYTERHUB_API_URL: 'http://127.0.0.1:9/hub/api',
      JUPYTERHUB_API_TOKEN: 'not-a-real-hub-token',
      JUPYTERHUB_SERVICE_PREFIX: '/services/catalog/',
    });
    app = await buildApp({ db: t.db, baseUrl: publicUrl, hub });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('redirects the service root to its web view, whose pages read the API under the prefix', async () => {
    const root = await app.inject({
      method: 'GET',
      url: '/services/catalog/',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(root.statusCode).toBe(303);
    expect(root.headers.location).toBe(`${publicUrl}browser/`);
    const page = await app.inject({
      method: 'GET',
      url: '/services/catalog/browser/',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(page.statusCode).toBe(200);
    const links = hrefs(page.body).filter((h) => h.includes('/browser/collections/'));
    expect(links.length).toBeGreaterThan(0);
    for (const h of links) expect(h.startsWith(`${publicUrl}browser/collections/`)).toBe(true);
    const collection = await app.inject({
      method: 'GET',
      url: links[0]!.slice('http://hub.test'.length),
    });
    expect(collection.statusCode).toBe(200);
    expect(collection.body).toContain('Items');
  });
});
