/**
 * Ids, hrefs, titles and filter values that try to escape their string literal or comment:
 * every cell must still parse, bind nothing unexpected, and carry each value exactly.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedCode, generateCode } from '../../src/codegen/index.js';
import { COG_TYPE, HOSTILE, itemWith } from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const py = new PythonCells();

const cells = HOSTILE.map((text) => {
  const item = itemWith(
    {
      [text]: { href: `/data/${text}.tif`, type: COG_TYPE, roles: ['data'], title: text },
      odd: { href: `https://h/${text}`, type: text, title: text },
    },
    { id: text, collection: text, properties: { title: text } },
  );
  return {
    text,
    item: py.add(generateCode({ kind: 'item', catalogUrl: text, item })),
    asset: py.add(generateCode({ kind: 'asset', catalogUrl: text, item, assetKey: 'odd' })),
    fallback: py.add(
      generateCode({ kind: 'item', catalogUrl: text, item: { id: text, collection: text } }),
    ),
    collection: py.add(
      generateCode({
        kind: 'collection',
        catalogUrl: text,
        collection: {
          id: text,
          title: text,
          item_assets: { [text]: { type: COG_TYPE, roles: ['data'] } },
          summaries: { 'proj:code': [text], gsd: [30] },
        },
      }),
    ),
    search: py.add(
      generateCode(
        {
          kind: 'search',
          catalogUrl: text,
          search: { collections: [text], datetime: text, filter: text, sortby: text, q: text },
        },
        { variable: text },
      ),
    ),
  };
});

beforeAll(() => py.run());

describe('hostile strings in every kind of drop', () => {
  it.each(cells.map((c) => [JSON.stringify(c.text), c]))('%s', (_label, c) => {
    const all: GeneratedCode[] = [c.item, c.asset, c.fallback, c.collection, c.search];
    for (const cell of all) expectRunnableCell(py, cell);
    expect(py.call(c.item.code, 'rioxarray.open_rasterio').args).toEqual([`/data/${c.text}.tif`]);
    expect(py.call(c.asset.code, 'pystac.Asset.from_dict').args[0]).toMatchObject({
      href: `https://h/${c.text}`,
      type: c.text,
    });
    expect(py.call(c.fallback.code, 'pystac_client.Client.open').args).toEqual([c.text]);
    expect(py.call(c.collection.code, 'odc.stac.load').kwargs).toMatchObject({
      bands: [c.text],
      crs: c.text,
    });
    expect(py.call(c.search.code, 'catalog.search').kwargs).toMatchObject({
      collections: [c.text],
      datetime: c.text,
      filter: c.text,
      sortby: c.text,
    });
  });
});
