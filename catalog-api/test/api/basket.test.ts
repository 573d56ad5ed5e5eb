import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { demoDataDir } from '../../src/loader/demo-loader.js';
import type { Basket, BasketAsset } from '../../src/schemas/basket.js';
import { type FakeHub, hubUser, startFakeHub } from '../support/basket-hub.js';
import { BASE_URL, DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { VENV_BIN } from '../support/listening-catalog.js';

const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file on "another data provider": a plain HTTP server, no STAC size or checksum for it. */
const REMOTE_BYTES = Buffer.from('station,level_m\nTOULOUSE,1.52\nBORDEAUX,2.10\n'.repeat(500));

const TOKENS = {
  alice: 'alice-token',
  bob: 'bob-token',
  carol: 'carol-token',
  writer: 'writer-token',
  zoe: 'zoe-token',
};

/**
 * The basket through a listening catalog under a (stand-in) Hub, on both databases: who sees
 * what, bad input, sizes and checksums shown before download, and the downloads themselves —
 * the zip unzipped by Python's zipfile, a Range resume of a demo file, and the generated
 * download.sh and download.py really run (bash + curl, the project's Python) into a temp dir.
 */
describe.each(DATABASE_KINDS)('the basket (%s)', (kind) => {
  let t: TestCatalog;
  let hub: FakeHub;
  let app: FastifyInstance;
  let remote: Server;
  let remoteUrl: string;
  let remoteHeads = 0;
  let catalog: string;
  let origin: string;
  /** Range headers the catalog received, to see that a script resumed. */
  const ranges: string[] = [];
  let items: StacItem[];

  beforeAll(async () => {
    t = await openTestCatalog(kind);
    await t.app.close();
    hub = await startFakeHub({
      [TOKENS.alice]: hubUser('alice'),
      [TOKENS.bob]: hubUser('bob'),
      [TOKENS.carol]: hubUser('carol'),
      [TOKENS.writer]: hubUser('writer', ['access:services', 'custom:styx:catalog:write']),
      [TOKENS.zoe]: hubUser('zoe', ['read:users!user=zoe']),
    });
    const [port, remotePort] = [await freePort(), await freePort()];
    origin = `http://127.0.0.1:${port}`;
    catalog = `${origin}/services/catalog/`;
    remoteUrl = `http://127.0.0.1:${remotePort}/gauges/latest.csv`;
    remote = createServer((request, response) => {
      // A file whose server answers HEAD but fails the download itself.
      if (request.url === '/gauges/broken.csv') {
        response.writeHead(request.method === 'HEAD' ? 200 : 503, { 'content-length': 100 });
        response.end(request.method === 'HEAD' ? undefined : ' '.repeat(100));
        return;
      }
      if (request.method === 'HEAD') remoteHeads++;
      response.writeHead(200, {
        'content-type': 'text/csv',
        'content-length': REMOTE_BYTES.length,
      });
      response.end(request.method === 'HEAD' ? undefined : REMOTE_BYTES);
    });
    await new Promise<void>((resolve) => remote.listen(remotePort, '127.0.0.1', resolve));
    app = await buildApp({
      db: t.db,
      baseUrl: catalog,
      hub: hub.config(catalog),
      demoFilesDir: demoDataDir(inject('fixtureDataDir')),
    });
    app.addHook('onRequest', async (request) => {
      if (request.headers.range) ranges.push(`${request.url} ${request.headers.range}`);
    });
    await app.listen({ host: '127.0.0.1', port });
    items = await makeBasketCollection();
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => remote?.close(resolve));
    await hub?.close();
    await t?.close();
  });

  const send = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${catalog}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `token ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const basketOf = async (token: string): Promise<Basket> => {
    const response = await send('GET', 'basket', token);
    expect(response.status).toBe(200);
    return (await response.json()) as Basket;
  };

  /**
   * A collection of three items made of the fixture's small demo files, their hrefs rooted at
   * this catalog's URL (the fixture's are rooted at a fake one): two with their STAC file:size
   * and file:checksum, and one with a remote file (size by HEAD only) and an s3:// asset.
   */
  async function makeBasketCollection(): Promise<StacItem[]> {
    const search = await send('GET', 'search?limit=300', null);
    const features = ((await search.json()) as { features: StacItem[] }).features;
    const small = features.filter((item) => {
      const assets = Object.values(item.assets ?? {}) as Array<Record<string, unknown>>;
      return (
        assets.length >= 2 &&
        assets.every(
          (a) =>
            String(a.href).startsWith(BASE_URL) &&
            typeof a['file:size'] === 'number' &&
            (a['file:size'] as number) < 512 * 1024,
        )
      );
    });
    expect(small.length).toBeGreaterThanOrEqual(2);
    const rooted = (item: StacItem, id: string): StacItem => ({
      ...item,
      id,
      collection: 'basket-test',
      links: [],
      assets: Object.fromEntries(
        Object.entries(item.assets ?? {}).map(([key, a]) => {
          const asset = a as Record<string, unknown>;
          return [key, { ...asset, href: String(asset.href).replace(BASE_URL, catalog) }];
        }),
      ),
    });
    const made = [
      rooted(small[0]!, 'first'),
      rooted(small[1]!, 'second'),
      {
        ...rooted(small[0]!, 'third'),
        assets: {
          latest: { href: remoteUrl, type: 'text/csv', roles: ['data'] },
          archive: { href: 's3://styx-archive/gauges/2020.csv', roles: ['data'] },
        },
      },
      {
        ...rooted(small[0]!, 'fourth'),
        assets: {
          broken: { href: remoteUrl.replace('latest.csv', 'broken.csv'), roles: ['data'] },
        },
      },
    ];
    const collection = {
      type: 'Collection',
      stac_version: '1.0.0',
      id: 'basket-test',
      description: 'Items the basket tests download',
      license: 'CC-BY-4.0',
      extent: {
        spatial: { bbox: [[-180, -90, 180, 90]] },
        temporal: { interval: [['2000-01-01T00:00:00Z', null]] },
      },
      links: [],
    };
    expect((await send('POST', 'collections', TOKENS.writer, collection)).status).toBe(201);
    for (const item of made) {
      const response = await send('POST', 'collections/basket-test/items', TOKENS.writer, item);
      expect(response.status, await response.clone().text()).toBe(201);
    }
    return made;
  }

  const assetsOf = (item: StacItem) =>
    item.assets as Record<string, { href: string; 'file:size'?: number; 'file:checksum'?: string }>;
  const firstKeys = () => Object.keys(assetsOf(items[0]!));
  const secondKeys = () => Object.keys(assetsOf(items[1]!));

  it('asks for a token: 401 without one or with a bad one, 403 without access to the catalog', async () => {
    const none = await send('GET', 'basket', null);
    expect(none.status).toBe(401);
    expect((await none.json()).description).toMatch(/token/);
    expect((await send('GET', 'basket', 'no-such-token')).status).toBe(401);
    expect((await send('GET', 'basket/download.zip', null)).status).toBe(401);
    expect((await send('POST', 'basket/items', null, { collection: 'x', item: 'y' })).status).toBe(
      401,
    );
    expect((await send('GET', 'basket', TOKENS.zoe)).status).toBe(403);
  });

  it('starts empty, with its download links', async () => {
    const basket = await basketOf(TOKENS.alice);
    expect(basket.owner).toBe('alice');
    expect(basket.assets).toEqual([]);
    expect(basket.total).toEqual({ assets: 0, bytes: 0, unknownSizes: 0 });
    expect(basket.links.map((l) => l.href)).toContain(`${catalog}basket/download.zip`);
  });

  it('says what to fix for bad input (400) and unknown things (404)', async () => {
    const bad = async (body: unknown, pattern: RegExp) => {
      const response = await send('POST', 'basket/items', TOKENS.alice, body);
      expect(response.status).toBe(400);
      expect((await response.json()).description).toMatch(pattern);
    };
    await bad({ collection: 'basket-test' }, /item/);
    await bad(
      { collection: 'basket-test', item: 'first', colour: 'red' },
      /unknown member 'colour'/,
    );
    await bad({ collection: 'basket-test', item: 'first', assets: [] }, /assets/);
    await bad({ collection: '', item: 'first' }, /collection/);
    const missing = async (body: unknown, pattern: RegExp) => {
      const response = await send('POST', 'basket/items', TOKENS.alice, body);
      expect(response.status).toBe(404);
      expect((await response.json()).description).toMatch(pattern);
    };
    await missing({ collection: 'no-such', item: 'first' }, /collection 'no-such'/);
    await missing({ collection: 'basket-test', item: 'no-such' }, /item 'no-such'/);
    await missing(
      { collection: 'basket-test', item: 'first', assets: ['no-such'] },
      /no asset 'no-such'; its assets are/,
    );
    expect((await send('DELETE', 'basket/items/basket-test/first', TOKENS.alice)).status).toBe(404);
    expect((await basketOf(TOKENS.alice)).entries).toEqual([]);
  });

  it('lists a whole item and single assets with size and checksum from STAC, and the total', async () => {
    await send('POST', 'basket/items', TOKENS.alice, { collection: 'basket-test', item: 'first' });
    const oneKey = secondKeys()[0]!;
    const response = await send('POST', 'basket/items', TOKENS.alice, {
      collection: 'basket-test',
      item: 'second',
      assets: [oneKey],
    });
    expect(response.status).toBe(200);
    const basket = (await response.json()) as Basket;
    expect(basket.entries.map((e) => [e.item, e.asset])).toEqual([
      ['first', null],
      ['second', oneKey],
    ]);
    const expected = [
      ...firstKeys().map((key) => ['first', key] as const),
      ['second', oneKey] as const,
    ];
    expect(basket.assets.map((a) => [a.item, a.asset])).toEqual(expected);
    for (const asset of basket.assets) {
      const stac = assetsOf(items.find((i) => i.id === asset.item)!)[asset.asset]!;
      expect(asset).toMatchObject({
        href: stac.href,
        size: stac['file:size'],
        sizeSource: 'file:size',
        checksum: stac['file:checksum'],
        checksumAlgorithm: 'sha256',
        downloadable: true,
      });
      expect(asset.path).toMatch(/^basket-test\/(first|second)\/[A-Za-z0-9._-]+$/);
    }
    const bytes = expected.reduce(
      (sum, [item, key]) => sum + assetsOf(items.find((i) => i.id === item)!)[key]!['file:size']!,
      0,
    );
    expect(basket.total).toEqual({ assets: expected.length, bytes, unknownSizes: 0 });
  });

  it('sizes an asset without file:size by a HEAD on its href, once, and says so; s3:// is listed but not downloadable', async () => {
    const before = remoteHeads;
    await send('POST', 'basket/items', TOKENS.alice, { collection: 'basket-test', item: 'third' });
    const basket = await basketOf(TOKENS.alice);
    const latest = basket.assets.find((a) => a.asset === 'latest')!;
    expect(latest).toMatchObject({
      size: REMOTE_BYTES.length,
      sizeSource: 'content-length',
      checksum: null,
      downloadable: true,
    });
    const archive = basket.assets.find((a) => a.asset === 'archive')!;
    expect(archive.downloadable).toBe(false);
    expect(archive.reason).toMatch(/s3:\/\//);
    expect(remoteHeads - before).toBe(1); // the second listing used the cached size
  });

  it('never shows one user the basket of another, nor lets them change it', async () => {
    const bob = await basketOf(TOKENS.bob);
    expect(bob.owner).toBe('bob');
    expect(bob.entries).toEqual([]);
    expect((await send('DELETE', 'basket/items/basket-test/first', TOKENS.bob)).status).toBe(404);
    expect(await (await send('DELETE', 'basket', TOKENS.bob)).json()).toEqual({ removed: 0 });
    const zip = await send('GET', 'basket/download.zip', TOKENS.bob);
    expect(zip.status).toBe(200);
    const entries = await zipEntries(Buffer.from(await zip.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['SHA256SUMS', 'manifest.json']);
    expect((await basketOf(TOKENS.alice)).entries.length).toBe(3);
  });

  it('streams a zip of every downloadable asset (exact Content-Length), a manifest and SHA256SUMS that match the catalog', async () => {
    const basket = await basketOf(TOKENS.alice);
    const response = await send('GET', 'basket/download.zip', TOKENS.alice);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    const entries = await zipEntries(body);
    const downloadable = basket.assets.filter((a) => a.downloadable);
    expect(Object.keys(entries).sort()).toEqual(
      ['SHA256SUMS', 'manifest.json', ...downloadable.map((a) => a.path)].sort(),
    );
    for (const asset of downloadable) {
      const bytes = entries[asset.path]!;
      expect(bytes.length).toBe(asset.size);
      if (asset.checksum) expect(`1220${sha256(bytes)}`).toBe(asset.checksum);
    }
    expect(entries[downloadable.find((a) => a.asset === 'latest')!.path]).toEqual(REMOTE_BYTES);
    const sums = entries.SHA256SUMS!.toString().trim().split('\n');
    expect(sums).toEqual(downloadable.map((a) => `${sha256(entries[a.path]!)}  ${a.path}`));
    const manifest = JSON.parse(entries['manifest.json']!.toString());
    expect(manifest.owner).toBe('alice');
    expect(manifest.files.map((f: BasketAsset) => f.path)).toEqual(downloadable.map((a) => a.path));
    expect(manifest.notIncluded).toEqual([
      expect.objectContaining({ href: 's3://styx-archive/gauges/2020.csv' }),
    ]);
  });

  it('serves demo files resumably: an interrupted transfer is finished by a Range request with If-Range, to identical bytes', async () => {
    const asset = (await basketOf(TOKENS.alice)).assets.find((a) => a.sizeSource === 'file:size')!;
    // The transfer: read the first chunk, then drop the connection.
    const first = await fetch(asset.href);
    const etag = first.headers.get('etag');
    expect(first.headers.get('accept-ranges')).toBe('bytes');
    expect(etag).toBeTruthy();
    const reader = first.body!.getReader();
    const chunk = (await reader.read()).value!;
    await reader.cancel();
    const got = Buffer.from(chunk.slice(0, Math.min(chunk.length, Math.floor(asset.size! / 2))));
    expect(got.length).toBeGreaterThan(0);
    const rest = await fetch(asset.href, {
      headers: { range: `bytes=${got.length}-`, 'if-range': etag! },
    });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(
      `bytes ${got.length}-${asset.size! - 1}/${asset.size}`,
    );
    const whole = Buffer.concat([got, Buffer.from(await rest.arrayBuffer())]);
    expect(`1220${sha256(whole)}`).toBe(asset.checksum);
    // A file changed since (another ETag) comes whole, never spliced.
    const stale = await fetch(asset.href, {
      headers: { range: `bytes=${got.length}-`, 'if-range': '"not-the-same-file"' },
    });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer())).toEqual(whole);
  });

  const scriptRuns = [
    { name: 'download.sh', command: 'bash', resumeHeader: /^bytes=\d+-$/ },
    { name: 'download.py', command: `${VENV_BIN}python`, resumeHeader: /^bytes=\d+-$/ },
  ];
  it.each(scriptRuns)(
    '$name downloads every file into a folder, checked, and resumes a partial file when run again',
    async ({ name, command, resumeHeader }) => {
      const basket = await basketOf(TOKENS.alice);
      const response = await send('GET', `basket/${name}`, TOKENS.alice);
      expect(response.status).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'styx-basket-'));
      try {
        writeFileSync(join(dir, name), await response.text());
        const first = await run(command, [name], { cwd: dir, timeout: 120_000 });
        expect(first.stdout).toMatch(/all \d+ files downloaded and checked/);
        const downloadable = basket.assets.filter((a) => a.downloadable);
        for (const asset of downloadable) {
          const bytes = readFileSync(join(dir, asset.path));
          expect(bytes.length).toBe(asset.size);
          if (asset.checksum) expect(`1220${sha256(bytes)}`).toBe(asset.checksum);
        }
        // An interrupted download: half of a file left as its .part, the file itself not there.
        const victim = downloadable.find((a) => a.sizeSource === 'file:size')!;
        const path = join(dir, victim.path);
        const original = readFileSync(path);
        rmSync(path);
        writeFileSync(`${path}.part`, original.subarray(0, Math.floor(original.length / 2)));
        if (name === 'download.py') writeFileSync(`${path}.part.etag`, await etagOf(victim.href));
        ranges.length = 0;
        const again = await run(command, [name], { cwd: dir, timeout: 120_000 });
        expect(again.stdout).toMatch(/already here/);
        expect(readFileSync(path)).toEqual(original);
        const resumed = ranges.filter((r) => victim.href.endsWith(r.split(' ')[0]!));
        expect(resumed.length).toBe(1);
        expect(resumed[0]!.split(' ')[1]).toMatch(resumeHeader);
        expect(resumed[0]).toContain(`bytes=${Math.floor(original.length / 2)}-`);
        // A corrupt part (same length, other bytes) fails its checksum and is fetched again.
        rmSync(path);
        writeFileSync(`${path}.part`, Buffer.alloc(original.length, 0x20));
        await run(command, [name], { cwd: dir, timeout: 120_000 });
        expect(readFileSync(path)).toEqual(original);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('removes one asset of a whole item, then an item, then empties the basket', async () => {
    const [dropped, ...kept] = firstKeys();
    const response = await send(
      'DELETE',
      `basket/items/basket-test/first/assets/${encodeURIComponent(dropped!)}`,
      TOKENS.alice,
    );
    expect(response.status).toBe(200);
    const basket = (await response.json()) as Basket;
    expect(basket.assets.filter((a) => a.item === 'first').map((a) => a.asset)).toEqual(kept);
    const gone = await send('DELETE', 'basket/items/basket-test/third', TOKENS.alice);
    expect(((await gone.json()) as Basket).assets.some((a) => a.item === 'third')).toBe(false);
    const cleared = await send('DELETE', 'basket', TOKENS.alice);
    expect(((await cleared.json()) as { removed: number }).removed).toBeGreaterThan(0);
    expect((await basketOf(TOKENS.alice)).entries).toEqual([]);
  });

  it('reports an item deleted from the catalog after it was added as missing, not as an error', async () => {
    await send('POST', 'basket/items', TOKENS.bob, { collection: 'basket-test', item: 'second' });
    expect(
      (await send('DELETE', 'collections/basket-test/items/second', TOKENS.writer)).status,
    ).toBe(204);
    const basket = await basketOf(TOKENS.bob);
    expect(basket.assets).toEqual([]);
    expect(basket.missing).toEqual([
      expect.objectContaining({ item: 'second', reason: expect.stringMatching(/does not exist/) }),
    ]);
  });

  it('breaks off the zip when an asset fails on its way (the client sees an error, never a zip that looks whole)', async () => {
    await send('POST', 'basket/items', TOKENS.carol, { collection: 'basket-test', item: 'first' });
    await send('POST', 'basket/items', TOKENS.carol, { collection: 'basket-test', item: 'fourth' });
    const response = await send('GET', 'basket/download.zip', TOKENS.carol);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    // The catalog is still fine afterwards.
    expect((await basketOf(TOKENS.carol)).assets.length).toBeGreaterThan(1);
  });

  async function etagOf(href: string): Promise<string> {
    const response = await fetch(href, { method: 'HEAD' });
    return response.headers.get('etag') ?? '';
  }
});

/** The zip's entries as Python's zipfile reads them (another implementation than the writer's). */
async function zipEntries(zip: Buffer): Promise<Record<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'styx-zip-'));
  try {
    writeFileSync(join(dir, 'basket.zip'), zip);
    const script = [
      'import base64, json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'bad = z.testzip()',
      'assert bad is None, "bad CRC in " + str(bad)',
      'print(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))',
    ].join('\n');
    const { stdout } = await run(`${VENV_BIN}python`, ['-c', script, join(dir, 'basket.zip')], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const named = JSON.parse(stdout) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(named).map(([name, b64]) => [name, Buffer.from(b64, 'base64')]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
