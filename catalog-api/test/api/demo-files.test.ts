import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { demoDataDir } from '../../src/loader/demo-loader.js';
import { BASE_URL, DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

const FILES_URL = `${BASE_URL}files/demo/`;
const ORIGIN = 'http://jupyter.test';

interface Asset {
  href: string;
  type: string;
  'file:size': number;
  'file:checksum': string;
}

/** A demo item as the API serves it: every asset is a file the generator wrote. */
interface DemoItem {
  id: string;
  collection: string;
  assets: Record<string, Asset>;
}

/** The app-relative URL of an href under the public URL, as a proxy in front would pass it. */
const pathOf = (href: string) => `/${href.slice(BASE_URL.length)}`;

/** A real file outside the served folder (`../../pglite-template/PG_VERSION`), to try to reach. */
const OUTSIDE_FILE = join(inject('pgliteTemplateDir'), 'PG_VERSION');
const OUTSIDE = relative(demoDataDir(inject('fixtureDataDir')), OUTSIDE_FILE)
  .split(sep)
  .join('/');

/**
 * The demo's asset files, served by the catalog at the URLs its items give them: what a browser
 * on another origin (thumbnails) and a kernel (GDAL /vsicurl/, pandas) fetch.
 */
describe.each(DATABASE_KINDS)('demo asset files (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  let items: DemoItem[];
  const asset = (collection: string, key: string): Asset => {
    const item = items.find((i) => i.collection === collection && i.assets[key]);
    expect(item, `an item of ${collection} with a ${key} asset`).toBeDefined();
    return item!.assets[key]!;
  };
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
    const res = await get('/search?limit=10000');
    expect(res.statusCode).toBe(200);
    items = res.json().features;
  });
  afterAll(async () => t?.close());

  it('gives every loaded demo asset an href under the public URL', () => {
    expect(items).toHaveLength(f.items.length);
    for (const item of items) {
      for (const a of Object.values(item.assets)) {
        expect(a.href.startsWith(`${FILES_URL}${item.collection}/`)).toBe(true);
      }
    }
  });

  it.each([
    ['water-mask-s2', 'thumbnail', 'image/png'],
    ['water-mask-s2', 'mask', 'image/tiff; application=geotiff'],
    ['insitu-gauges', 'timeseries', 'text/csv; charset=utf-8'],
    ['swot-l2-hr-lakesp', 'outline', 'application/geo+json'],
  ])('serves a %s %s asset: its bytes, as %s, to another origin', async (collection, key, type) => {
    const a = asset(collection, key);
    const res = await get(pathOf(a.href), { origin: ORIGIN });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.rawPayload.length).toBe(a['file:size']);
    expect(Number(res.headers['content-length'])).toBe(a['file:size']);
    const digest = createHash('sha256').update(res.rawPayload).digest('hex');
    expect(`1220${digest}`).toBe(a['file:checksum']);
  });

  it('answers HEAD with the size and that ranges are accepted', async () => {
    const a = asset('water-mask-s2', 'mask');
    const res = await t.app.inject({ method: 'HEAD', url: pathOf(a.href) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/tiff; application=geotiff');
    expect(Number(res.headers['content-length'])).toBe(a['file:size']);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.rawPayload.length).toBe(0);
  });

  it('answers a Range request with 206 and exactly those bytes, as GDAL reads a GeoTIFF', async () => {
    const a = asset('water-mask-s2', 'mask');
    const whole = (await get(pathOf(a.href))).rawPayload;
    const size = a['file:size'];

    const header = await get(pathOf(a.href), { range: 'bytes=0-15', origin: ORIGIN });
    expect(header.statusCode).toBe(206);
    expect(header.headers['content-range']).toBe(`bytes 0-15/${size}`);
    expect(header.headers['access-control-expose-headers']).toMatch(/content-range/);
    expect(header.rawPayload).toEqual(whole.subarray(0, 16));
    // A TIFF starts with its byte order and the magic number 42.
    expect(header.rawPayload.subarray(0, 4).toString('latin1')).toMatch(/^(II\*\0|MM\0\*)$/);

    const middle = await get(pathOf(a.href), { range: `bytes=100-${size - 101}` });
    expect(middle.statusCode).toBe(206);
    expect(middle.rawPayload).toEqual(whole.subarray(100, size - 100));

    const tail = await get(pathOf(a.href), { range: 'bytes=-10' });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(tail.rawPayload).toEqual(whole.subarray(size - 10));

    const beyond = await get(pathOf(a.href), { range: `bytes=${size + 10}-` });
    expect(beyond.statusCode).toBe(416);
  });

  it.each([
    ['an unknown file', 'water-mask-s2/nowhere/none.tif'],
    ['an unknown folder', 'no-such-collection/x.png'],
    ['the root folder (no listing)', ''],
    ['a collection folder (no listing)', 'water-mask-s2/'],
    ['a .. out of the root, slashes encoded', OUTSIDE.replaceAll('/', '%2f')],
    [
      'a .. below a folder, slashes encoded',
      `water-mask-s2/..%2F${OUTSIDE.replaceAll('/', '%2F')}`,
    ],
    ['a .. out of the root, dots encoded', OUTSIDE.replaceAll('..', '%2e%2e')],
    ['a doubled slash', '/water-mask-s2'],
  ])('answers 404 in the API error shape for %s', async (_what, rest) => {
    expect(existsSync(OUTSIDE_FILE)).toBe(true);
    const res = await get(`/files/demo/${rest}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NotFound', description: expect.any(String) });
  });

  it('refuses .. that a client sends unnormalized, over real HTTP', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    expect(OUTSIDE.startsWith('../')).toBe(true);
    for (const path of [
      `/files/demo/${OUTSIDE}`,
      `/files/demo/water-mask-s2/../${OUTSIDE}`,
      `/files/demo/${OUTSIDE.replaceAll('..', '%2e%2e')}`,
    ]) {
      const { status, body } = await new Promise<{ status: number; body: string }>(
        (resolve, reject) => {
          request({ host: '127.0.0.1', port, path }, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          })
            .on('error', reject)
            .end();
        },
      );
      expect(status, path).toBe(404);
      expect(JSON.parse(body).code).toBe('NotFound');
    }
  });

  it('keeps the file route out of the OpenAPI document', async () => {
    const doc = (await get('/api')).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/files'))).toEqual([]);
  });

  it('has no file route when the app is given no demo folder', async () => {
    const app = await buildApp({ db: t.db, baseUrl: BASE_URL });
    try {
      const res = await app.inject({
        method: 'GET',
        url: pathOf(asset('insitu-gauges', 'timeseries').href),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().description).toMatch(/no such endpoint/);
    } finally {
      await app.close();
    }
  });
});
