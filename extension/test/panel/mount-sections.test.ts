/**
 * Mount / Unmount in the catalog panel as the user sees it, rendered to HTML from a real
 * catalog model and a real mounts model, each with only the network standing in.
 */
import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogModel } from '../../src/catalog/index.js';
import type { StacItem } from '../../src/catalog/types.js';
import { MountsModel } from '../../src/mounts/mounts-model.js';
import type { Mount } from '../../src/mounts/types.js';
import { CollectionList } from '../../src/panel/collection-list.js';
import { ItemView } from '../../src/panel/item-view.js';
import type { SectionProps } from '../../src/panel/section-props.js';
import { fakeCatalog, item } from '../catalog/fake-catalog.js';

const CATALOG = 'http://catalog.test/stac/';
const trans = nullTranslator.load('styx');
let mountsModel: MountsModel | undefined;
afterEach(() => mountsModel?.dispose());

async function mountsWith(list: Mount[]): Promise<MountsModel> {
  mountsModel = new MountsModel({
    gatewayUrl: 'http://hub.test/services/kernels/',
    fetch: async () => Response.json(list),
    pollInterval: 60_000,
  });
  await mountsModel.refresh();
  return mountsModel;
}

function render(
  section: (props: SectionProps) => React.ReactElement,
  model: CatalogModel,
  mounts: MountsModel | undefined,
): string {
  return renderToStaticMarkup(
    React.createElement(section, {
      model,
      trans,
      startDrag: undefined,
      sanitize: (html) => html,
      mounts,
    }),
  );
}

const s3Item = {
  ...item('S2_2024-05-01', 'sentinel-2'),
  assets: { B04: { href: 's3://eo-data/s2/2024-05-01/B04.tif', roles: ['data'] } },
} as StacItem;

const webItem = {
  ...item('LOI-0123', 'gauges'),
  assets: {
    series: { href: 'http://hub.test/services/catalog/files/demo/a.csv', roles: ['data'] },
  },
} as StacItem;

function catalogShowing(selected: StacItem): CatalogModel {
  const model = new CatalogModel({
    catalogUrl: CATALOG,
    fetch: fakeCatalog(() => ({
      body: { collections: [{ id: 'gauges', description: 'd', links: [] }], links: [] },
    })).fetch,
  });
  model.select(selected, 'api');
  return model;
}

describe('the item view', () => {
  it('offers Mount for an item in S3, with where it will appear', async () => {
    const html = render(ItemView, catalogShowing(s3Item), await mountsWith([]));
    expect(html).toMatch(/<button[^>]*class="styx-Button styx-Mount"[^>]*>Mount<\/button>/);
    expect(html).toContain('Mount s3://eo-data/s2/2024-05-01 at data/S2_2024-05-01 in your home');
    expect(html).not.toMatch(/styx-Mount"[^>]* disabled=""/);
  });

  it('shows Unmount and the path once that item is mounted', async () => {
    const mounted: Mount = {
      name: 'S2_2024-05-01',
      path: 'data/S2_2024-05-01',
      driver: 'rclone',
      source: { kind: 's3', url: 's3://eo-data/s2/2024-05-01' },
      state: 'mounted',
      createdAt: '2026-12-07T10:30:00Z',
      stac: { item: `${CATALOG}collections/sentinel-2/items/S2_2024-05-01` },
    };
    const html = render(ItemView, catalogShowing(s3Item), await mountsWith([mounted]));
    expect(html).toContain('>Unmount</button>');
    expect(html).toContain('<code class="styx-MountPath">data/S2_2024-05-01</code>');
  });

  it('disables Mount for files on the web, saying why', async () => {
    const html = render(ItemView, catalogShowing(webItem), await mountsWith([]));
    expect(html).toMatch(/styx-Mount"[^>]* disabled=""/);
    expect(html).toContain('web URLs cannot be mounted');
  });

  it('has no Mount button without the kernels gateway', () => {
    expect(render(ItemView, catalogShowing(s3Item), undefined)).not.toContain('styx-Mount');
  });
});

describe('the collections', () => {
  it('disables Mount for a collection that names no storage, saying why', async () => {
    const model = catalogShowing(webItem);
    await model.searchCollections('');
    const html = render(CollectionList, model, await mountsWith([]));
    expect(html).toMatch(/styx-Mount"[^>]* disabled=""/);
    expect(html).toContain('the collection names no common storage folder');
  });
});
