/**
 * The basket model, its download with progress and the basket view as the user sees it
 * (rendered to HTML), against the catalog's /basket routes at the model's one seam (its
 * fetch), answering as catalog-api/src/routes/basket.ts does: the new basket after each
 * change, 404 with a description for what is not there, 401 without a token.
 */
import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { BasketButton } from '../../src/basket/basket-button.js';
import { BasketModel } from '../../src/basket/basket-model.js';
import { BasketView } from '../../src/basket/basket-view.js';
import {
  type DownloadSink,
  memorySink,
  streamWithProgress,
} from '../../src/basket/download-stream.js';
import type { Basket, BasketAsset } from '../../src/basket/types.js';

const CATALOG = 'http://hub.test/services/catalog/';
const trans = nullTranslator.load('styx');

const ITEM_ASSETS: Record<string, Omit<BasketAsset, 'collection' | 'item' | 'asset' | 'path'>> = {
  data: {
    href: `${CATALOG}files/demo/gauges/g1.csv`,
    size: 2048,
    sizeSource: 'file:size',
    checksum: `1220${'ab'.repeat(32)}`,
    checksumAlgorithm: 'sha256',
    downloadable: true,
  },
  latest: {
    href: 'http://provider.test/latest.csv',
    size: 1000,
    sizeSource: 'content-length',
    checksum: null,
    checksumAlgorithm: null,
    downloadable: true,
  },
  archive: {
    href: 's3://archive/g1.csv',
    size: null,
    sizeSource: null,
    checksum: null,
    checksumAlgorithm: null,
    downloadable: false,
    reason: 'its href is a s3:// URL, which the catalog does not fetch',
  },
};

function fakeCatalog(options: { token?: boolean; zip?: Uint8Array } = {}) {
  const entries: Basket['entries'] = [];
  const requests: string[] = [];
  const basket = (): Basket => {
    const assets: BasketAsset[] = entries.flatMap((e) =>
      (e.asset === null ? Object.keys(ITEM_ASSETS) : [e.asset]).map((key) => ({
        ...ITEM_ASSETS[key]!,
        collection: e.collection,
        item: e.item,
        asset: key,
        path: `${e.collection}/${e.item}/${key}.csv`,
      })),
    );
    const downloadable = assets.filter((a) => a.downloadable);
    return {
      owner: 'alice',
      entries: [...entries],
      assets,
      missing: [],
      total: {
        assets: downloadable.length,
        bytes: downloadable.reduce((n, a) => n + (a.size ?? 0), 0),
        unknownSizes: downloadable.filter((a) => a.size === null).length,
      },
    };
  };
  const fetchFn = async (input: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(input).pathname.replace('/services/catalog/', '');
    requests.push(`${method} ${path}`);
    if (options.token === false) {
      return Response.json(
        { code: 'Unauthorized', description: 'this request needs a JupyterHub token' },
        { status: 401 },
      );
    }
    if (path === 'basket' && method === 'GET') return Response.json(basket());
    if (path === 'basket' && method === 'DELETE') {
      const removed = entries.splice(0).length;
      return Response.json({ removed });
    }
    if (path === 'basket/items' && method === 'POST') {
      const body = JSON.parse(String(init?.body)) as {
        collection: string;
        item: string;
        assets?: string[];
      };
      if (body.item !== 'g1') {
        return Response.json(
          { code: 'NotFound', description: `item '${body.item}' does not exist` },
          { status: 404 },
        );
      }
      for (const asset of body.assets ?? [null]) {
        entries.push({ ...body, asset, addedAt: '2026-12-07T12:00:00.000Z' });
      }
      return Response.json(basket());
    }
    const match = /^basket\/items\/([^/]+)\/([^/]+)(?:\/assets\/([^/]+))?$/.exec(path);
    if (match && method === 'DELETE') {
      const [, collection, item, asset] = match.map((m) => (m ? decodeURIComponent(m) : m));
      const at = entries.findIndex(
        (e) => e.collection === collection && e.item === item && (!asset || e.asset === asset),
      );
      if (at < 0) {
        return Response.json(
          { code: 'NotFound', description: 'not in your basket' },
          { status: 404 },
        );
      }
      entries.splice(at, 1);
      return Response.json(basket());
    }
    if (path === 'basket/download.zip') {
      const bytes = options.zip ?? new Uint8Array(0);
      // Three chunks, as a slow network would deliver them.
      const third = Math.ceil(bytes.length / 3);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += third)
            controller.enqueue(bytes.slice(i, i + third));
          controller.close();
        },
      });
      return new Response(body, {
        headers: { 'content-type': 'application/zip', 'content-length': String(bytes.length) },
      });
    }
    if (path === 'basket/download.sh') return new Response('#!/usr/bin/env bash\necho hi\n');
    return Response.json({ code: 'NotFound', description: 'no such endpoint' }, { status: 404 });
  };
  return { fetchFn, requests };
}

let model: BasketModel | undefined;
afterEach(() => model?.dispose());

describe('BasketModel', () => {
  it('adds an item and one asset, keeping the basket the catalog answers with', async () => {
    const catalog = fakeCatalog();
    model = new BasketModel({ catalogUrl: CATALOG, fetch: catalog.fetchFn });
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();
    expect(model.basket?.assets).toEqual([]);
    const adding = model.add('gauges', 'g1');
    expect(model.pending.size).toBe(1);
    await adding;
    expect(model.pending.size).toBe(0);
    expect(model.basket?.assets.map((a) => a.asset)).toEqual(['data', 'latest', 'archive']);
    expect(model.basket?.total).toEqual({ assets: 2, bytes: 3048, unknownSizes: 0 });
    expect(changes).toBeGreaterThanOrEqual(3);
    expect(catalog.requests).toContain('POST basket/items');
  });

  it("keeps the catalog's sentence when a change fails, and rethrows it", async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog().fetchFn });
    await expect(model.add('gauges', 'nope')).rejects.toThrow("item 'nope' does not exist");
    expect(model.error).toBe("item 'nope' does not exist");
  });

  it('says to log in when the catalog answers 401', async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog({ token: false }).fetchFn });
    await model.refresh();
    expect(model.error).toMatch(/^log in through JupyterHub to use a basket/);
  });

  it('says so when the catalog keeps no baskets (another STAC API)', async () => {
    const notStyx = async () =>
      Response.json({ code: 'NotFound', description: 'no such endpoint' }, { status: 404 });
    model = new BasketModel({ catalogUrl: 'http://stac.example/', fetch: notStyx });
    await model.refresh();
    expect(model.error).toBe(
      'the catalog at http://stac.example/ keeps no baskets (only a Styx catalog does)',
    );
  });

  it('removes an asset and clears', async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog().fetchFn });
    await model.add('gauges', 'g1', ['data']);
    await model.add('gauges', 'g1', ['latest']);
    await model.removeAsset('gauges', 'g1', 'data');
    expect(model.basket?.assets.map((a) => a.asset)).toEqual(['latest']);
    await model.clear();
    expect(model.basket?.entries).toEqual([]);
  });

  it('downloads the zip with progress against its Content-Length', async () => {
    const zip = new Uint8Array(3000).map((_, i) => i % 251);
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog({ zip }).fetchFn });
    const seen: Array<[number, number | null]> = [];
    model.changed.connect(() => {
      const d = model?.download;
      if (d?.state === 'running') seen.push([d.received, d.total]);
    });
    // Written as it arrives: each chunk reaches the sink (the picked file) before the next.
    const written: number[] = [];
    const file = recordingSink(written);
    expect(await model.downloadZip(file.sink)).toBe(true);
    expect(written).toEqual([1000, 1000, 1000]);
    expect(file.bytes()).toEqual(zip);
    expect(file.state()).toBe('closed');
    expect(seen).toEqual([
      [0, null],
      [0, 3000],
      [1000, 3000],
      [2000, 3000],
      [3000, 3000],
    ]);
    expect(model.download).toEqual({ state: 'done', received: 3000, total: 3000 });
  });
});

/** A sink that records what it is given, as a FileSystemWritableFileStream would take it. */
function recordingSink(sizes: number[] = []) {
  const chunks: Uint8Array[] = [];
  let state: 'open' | 'closed' | 'aborted' = 'open';
  const sink: DownloadSink = {
    async write(chunk) {
      sizes.push(chunk.byteLength);
      chunks.push(chunk);
    },
    async close() {
      state = 'closed';
    },
    async abort() {
      state = 'aborted';
    },
  };
  return {
    sink,
    state: () => state,
    bytes: () => {
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.byteLength;
      }
      return all;
    },
  };
}

describe('streamWithProgress', () => {
  const shortBody = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
          controller.close();
        },
      }),
      { headers: { 'content-length': '25' } },
    );

  it('fails a download that ends short of its Content-Length, and throws the partial file away', async () => {
    const file = recordingSink();
    await expect(streamWithProgress(shortBody(), file.sink, () => {})).rejects.toThrow(
      'the download stopped at 10 of 25 bytes',
    );
    expect(file.state()).toBe('aborted');
  });

  it('says so in the model: failed, with the bytes received, and no file kept', async () => {
    model = new BasketModel({
      catalogUrl: CATALOG,
      fetch: (async () => shortBody()) as unknown as typeof fetch,
    });
    const file = recordingSink();
    expect(await model.downloadZip(file.sink)).toBe(false);
    expect(model.download).toMatchObject({ state: 'failed', received: 10, total: 25 });
    expect(file.state()).toBe('aborted');
  });

  it('gives the whole file as one Blob from the memory fallback, once complete', async () => {
    const blobs: Blob[] = [];
    const sink = memorySink('application/zip', (blob) => blobs.push(blob));
    const body = new Uint8Array([80, 75, 3, 4, 1, 2]);
    await streamWithProgress(new Response(body), sink, () => {});
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.type).toBe('application/zip');
    expect(new Uint8Array(await blobs[0]!.arrayBuffer())).toEqual(body);
  });
});

describe('the basket view', () => {
  it('lists each asset with its size, where the size comes from, its checksum, and the total', async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog().fetchFn });
    await model.add('gauges', 'g1');
    const html = renderToStaticMarkup(React.createElement(BasketView, { model: model!, trans }));
    expect(html).toContain('2 files, 3 kB');
    expect(html).toContain('gauges/g1/data.csv');
    expect(html).toContain('2 kB (from the catalog)');
    expect(html).toContain('1000 B (from the server)');
    expect(html).toContain(`sha256 ${'ab'.repeat(6)}…`);
    expect(html).toContain('no checksum');
    expect(html).toContain('s3:// URL, which the catalog does not fetch');
    expect(html).toContain('Download (zip)');
    expect(html).toContain('Script (curl)');
  });

  it('says how to fill an empty basket', async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog().fetchFn });
    await model.refresh();
    const html = renderToStaticMarkup(React.createElement(BasketView, { model: model!, trans }));
    expect(html).toContain('The basket is empty');
    expect(html).not.toContain('Download (zip)');
  });

  it('shows "In basket" on an asset whose item is in the basket, "Add to basket" elsewhere', async () => {
    model = new BasketModel({ catalogUrl: CATALOG, fetch: fakeCatalog().fetchFn });
    await model.add('gauges', 'g1');
    const button = (item: string, asset?: string) =>
      renderToStaticMarkup(
        React.createElement(BasketButton, {
          basket: model!,
          trans,
          collection: 'gauges',
          item,
          ...(asset ? { asset } : {}),
        }),
      );
    expect(button('g1', 'data')).toContain('In basket ✓');
    expect(button('g1')).toContain('In basket ✓');
    expect(button('g2')).toContain('Add to basket');
  });
});
