import { describe, expect, it } from 'vitest';
import { CatalogModel } from '../../src/catalog/index.js';
import type { StacItem } from '../../src/catalog/types.js';
import type { DropTarget } from '../../src/codegen/index.js';
import { dropSourceAttributes, targetFromDataset } from '../../src/panel/drop-source.js';
import { fakeCatalog, item } from '../catalog/fake-catalog.js';

const URL_BASE = 'http://catalog.test/stac/';

/** What `element.dataset` gives for these attributes (the DOM's camel-casing). */
function dataset(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name.slice('data-'.length).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
}

/** A model that has listed two collections and found three items (two with the same id). */
async function loadedModel() {
  const withAsset = { ...item('a', 'c1'), assets: { data: { href: 'https://d.test/a.tif' } } };
  const { fetch } = fakeCatalog((request) => {
    if (request.url.pathname.endsWith('/collections')) {
      return {
        body: {
          collections: [
            { id: 'c1', description: 'one', links: [] },
            { id: 'c2', description: 'two', links: [] },
          ],
          links: [],
        },
      };
    }
    if (request.url.pathname.endsWith('/queryables')) {
      return { body: { properties: { 'eo:cloud_cover': { type: 'number' } } } };
    }
    return {
      body: {
        type: 'FeatureCollection',
        features: [withAsset, item('a', 'c2'), item('b', 'c1')],
        links: [],
      },
    };
  });
  const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
  await model.searchCollections('');
  await model.refreshQueryables();
  model.setQuery({ collections: ['c1'], q: 'river' });
  await model.search();
  return model;
}

describe('targetFromDataset', () => {
  it('finds the item a result row shows, told apart from a same-id item of another collection', async () => {
    const model = await loadedModel();
    const second = model.results.items[1] as StacItem;
    const attributes = dropSourceAttributes({ kind: 'item', catalogUrl: URL_BASE, item: second });
    expect(attributes).toEqual({
      'data-styx-drop': 'item',
      'data-item-id': 'a',
      'data-collection-id': 'c2',
    });
    expect(targetFromDataset(dataset(attributes), model)).toEqual({
      kind: 'item',
      catalogUrl: URL_BASE,
      item: second,
    });
  });

  it('finds an asset of the selected item', async () => {
    const model = await loadedModel();
    const first = model.results.items[0] as StacItem;
    model.select(first, 'map');
    const target: DropTarget = {
      kind: 'asset',
      catalogUrl: URL_BASE,
      item: first,
      assetKey: 'data',
    };
    const attributes = dropSourceAttributes(target);
    expect(attributes['data-asset-key']).toBe('data');
    expect(targetFromDataset(dataset(attributes), model)).toEqual(target);
  });

  it('finds a collection', async () => {
    const model = await loadedModel();
    const collection = model.collections.items[1]!;
    const attributes = dropSourceAttributes({
      kind: 'collection',
      catalogUrl: URL_BASE,
      collection,
    });
    expect(targetFromDataset(dataset(attributes), model)).toEqual({
      kind: 'collection',
      catalogUrl: URL_BASE,
      collection,
    });
  });

  it('builds the search from the form as it is now', async () => {
    const model = await loadedModel();
    const attributes = dropSourceAttributes({ kind: 'search', catalogUrl: URL_BASE, search: {} });
    model.setQuery({ start: '2024-01-01' });
    expect(targetFromDataset(dataset(attributes), model)).toEqual({
      kind: 'search',
      catalogUrl: URL_BASE,
      search: expect.objectContaining({
        collections: ['c1'],
        q: 'river',
        datetime: '2024-01-01T00:00:00Z/..',
      }),
    });
  });

  it('gives nothing for what the model no longer holds, or a search the form cannot build', async () => {
    const model = await loadedModel();
    expect(
      targetFromDataset({ styxDrop: 'item', itemId: 'zzz', collectionId: 'c1' }, model),
    ).toBeNull();
    expect(
      targetFromDataset(
        { styxDrop: 'asset', itemId: 'b', collectionId: 'c1', assetKey: 'data' },
        model,
      ),
    ).toBeNull();
    expect(targetFromDataset({ styxDrop: 'collection', collectionId: 'c9' }, model)).toBeNull();
    expect(targetFromDataset({}, model)).toBeNull();
    model.setQuery({ filters: [{ property: 'eo:cloud_cover', op: '<', value: 'lots' }] });
    expect(targetFromDataset({ styxDrop: 'search' }, model)).toBeNull();
  });
});
