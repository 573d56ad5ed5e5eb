/**
 * The panel's sections as the user sees them, rendered to HTML (no DOM here) from a real
 * catalog model whose only stand-in is the network.
 */
import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CatalogModel } from '../../src/catalog/index.js';
import type { StacItem } from '../../src/catalog/types.js';
import { CollectionList } from '../../src/panel/collection-list.js';
import { ItemView } from '../../src/panel/item-view.js';
import { RESULT_ROW_HEIGHT, ResultList } from '../../src/panel/result-list.js';
import { SearchForm } from '../../src/panel/search-form.js';
import type { SectionProps } from '../../src/panel/section-props.js';
import { fakeCatalog, type Handler, item } from '../catalog/fake-catalog.js';

const URL_BASE = 'http://catalog.test/stac/';
const trans = nullTranslator.load('styx');

function modelWith(handler: Handler): CatalogModel {
  return new CatalogModel({ catalogUrl: URL_BASE, fetch: fakeCatalog(handler).fetch });
}

function render(
  section: (props: SectionProps) => React.ReactElement,
  model: CatalogModel,
  sanitize: (html: string) => string = (html) => html,
): string {
  return renderToStaticMarkup(
    React.createElement(section, { model, trans, startDrag: undefined, sanitize }),
  );
}

function count(html: string, className: string): number {
  return html.split(`class="${className}`).length - 1;
}

const items = (n: number) => Array.from({ length: n }, (_, i) => item(`item-${i}`));

describe('results', () => {
  it('says how many matched and puts only the rows in view (and a few more) in the DOM', async () => {
    const model = modelWith(() => ({
      body: { type: 'FeatureCollection', features: items(1000), numberMatched: 5000, links: [] },
    }));
    await model.search();
    const html = render(ResultList, model);
    expect(html).toContain('1,000 of 5,000 matched');
    const rows = count(html, 'styx-ResultRow ');
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(30);
    expect(html).toContain('data-item-id="item-0"');
    expect(html).not.toContain('data-item-id="item-999"');
    // The scroll bar is as long as the whole list.
    expect(html).toContain(`height:${1000 * RESULT_ROW_HEIGHT}px`);
  });

  it('highlights the selected row', async () => {
    const model = modelWith(() => ({
      body: { type: 'FeatureCollection', features: items(3), links: [] },
    }));
    await model.search();
    model.select(model.results.items[1] as StacItem, 'map');
    const html = render(ResultList, model);
    expect(html).toMatch(
      /class="styx-ResultRow styx-DropSource styx-mod-selected"[^>]*data-item-id="item-1"/,
    );
    expect(count(html, 'styx-ResultRow styx-DropSource styx-mod-selected')).toBe(1);
  });

  it('says it is searching, then that nothing matched and what to try', async () => {
    const model = modelWith(() => ({
      body: { type: 'FeatureCollection', features: [], numberMatched: 0, links: [] },
      delayMs: 5,
    }));
    const searching = model.search();
    expect(render(ResultList, model)).toContain('Searching…');
    await searching;
    const html = render(ResultList, model);
    expect(html).toContain('No items match. Try a larger area or a longer period.');
    expect(html).not.toContain('Searching…');
  });

  it('says in words what is wrong with the form or the catalog', async () => {
    const broken = modelWith(() => ({
      status: 500,
      body: { code: 'ServerError', description: 'boom' },
    }));
    await broken.search();
    expect(render(ResultList, broken)).toMatch(/role="alert">The search failed: .+/);

    const model = modelWith(() => ({
      body: { type: 'FeatureCollection', features: [], links: [] },
    }));
    model.setQuery({ start: '2024-02-01', end: '2024-01-01' });
    await model.search();
    expect(render(ResultList, model)).toContain(
      'The start date 2024-02-01 is after the end date 2024-01-01.',
    );
  });
});

describe('collections', () => {
  it('lists each collection with its extents, the chosen ones marked, and offers more', async () => {
    const model = modelWith(() => ({
      body: {
        collections: [
          {
            id: 'swot-water-mask',
            title: 'SWOT water mask',
            description: 'Water extent from SWOT.',
            extent: {
              spatial: { bbox: [[-5.123, 41.3, 9.56, 51.12]] },
              temporal: { interval: [['2023-01-01T00:00:00Z', null]] },
            },
            links: [],
          },
          { id: 'gauges', description: 'In-situ gauges', links: [] },
        ],
        numberMatched: 7,
        links: [{ rel: 'next', href: `${URL_BASE}collections?token=2` }],
      },
    }));
    await model.searchCollections('');
    model.setQuery({ collections: ['gauges'] });
    const html = render(CollectionList, model);
    expect(count(html, 'styx-CollectionRow ')).toBe(2);
    expect(html).toContain('SWOT water mask');
    expect(html).toContain('2023-01-01 – open');
    expect(html).toContain('W -5.1 · S 41.3 · E 9.6 · N 51.1');
    expect(html).toMatch(
      /class="styx-CollectionRow styx-DropSource styx-mod-selected"[^>]*data-collection-id="gauges"/,
    );
    expect(html).toContain('2 of 7 collections');
    expect(html).toContain('Load more');
  });
});

describe('search form', () => {
  it('shows the query: words, dates, area, conditions and sort', async () => {
    const model = modelWith((request) => {
      if (request.url.pathname.endsWith('/queryables')) {
        return {
          body: {
            properties: {
              platform: { type: 'string', enum: ['swot', 'sentinel-2a', 'landsat-9'] },
              'eo:cloud_cover': { type: 'number', title: 'Cloud cover' },
            },
          },
        };
      }
      return { body: { collections: [], links: [] } };
    });
    await model.refreshQueryables();
    model.setQuery({
      q: 'river',
      start: '2023-01-01',
      end: '2024-12-31',
      bbox: [1.234, 43.5, 3.25, 45.001],
      filters: [
        { property: 'platform', op: 'in', value: 'swot, landsat-9' },
        { property: 'eo:cloud_cover', op: 'between', value: '0', value2: '20' },
      ],
      sortby: { field: 'eo:cloud_cover', direction: 'asc' },
    });
    const html = render(SearchForm, model);
    expect(html).toMatch(/class="styx-SearchText[^"]*"[^>]*value="river"/);
    expect(html).toMatch(/class="styx-DateStart[^"]*"[^>]*value="2023-01-01"/);
    expect(html).toMatch(/class="styx-DateEnd[^"]*"[^>]*value="2024-12-31"/);
    expect(html).toContain('W 1.23 · S 43.5 · E 3.25 · N 45');
    // "one of" with the enum's values to pick from, the chosen ones selected.
    expect(html).toContain('<option value="in" selected="">one of</option>');
    expect(html).toContain('<option value="swot" selected="">swot</option>');
    expect(html).toContain('<option value="sentinel-2a">sentinel-2a</option>');
    expect(html).toContain('<option value="landsat-9" selected="">landsat-9</option>');
    // A numeric range has two number inputs.
    expect(html).toMatch(/type="number"[^>]*value="0"/);
    expect(html).toMatch(/type="number"[^>]*value="20"/);
    expect(html).toContain('<option value="eo:cloud_cover" selected="">Cloud cover</option>');
    expect(html).toContain('class="styx-Button styx-mod-accept styx-SearchButton"');
    expect(html).toContain('data-styx-drop="search"');
  });
});

describe('item view', () => {
  it('shows the selected item, its assets (draggable, sizes in words) and grouped properties', async () => {
    const model = modelWith(() => ({
      body: { type: 'FeatureCollection', features: [], links: [] },
    }));
    const selected = {
      ...item('wm-2023-05'),
      properties: { datetime: '2023-05-01T10:00:00Z', 'eo:cloud_cover': 3 },
      links: [{ rel: 'self', href: `${URL_BASE}collections/c1/items/wm-2023-05` }],
      assets: {
        data: {
          href: 's3://bucket/wm.tif',
          title: 'Water mask',
          type: 'image/tiff; application=geotiff; profile=cloud-optimized',
          roles: ['data'],
          'file:size': 1_572_864,
        },
        thumbnail: { href: 'thumb.png', type: 'image/png', roles: ['thumbnail'] },
      },
    } as StacItem;
    expect(render(ItemView, model)).toContain('Select an item in the results or on the map');
    model.select(selected, 'map');
    const html = render(ItemView, model);
    expect(html).toContain('wm-2023-05');
    expect(html).toContain(`src="${URL_BASE}collections/c1/items/thumb.png"`);
    expect(html).toContain('2 assets');
    expect(html).toMatch(/class="styx-AssetRow styx-DropSource"[^>]*data-asset-key="data"/);
    expect(html).toContain('Cloud-Optimized GeoTIFF image');
    expect(html).toContain('1.5 MB');
    // An s3:// href is not a link a browser can follow: it is shown as text.
    expect(html).toContain('<code>s3://bucket/wm.tif</code>');
    expect(html).toContain('Electro-Optical');
    expect(html).toContain('General');
  });

  it('renders catalog-provided HTML only through the sanitizer', () => {
    const model = modelWith(() => ({ body: { features: [], links: [] } }));
    const hostile = {
      ...item('x'),
      properties: {
        datetime: '2023-05-01T10:00:00Z',
        providers: [{ name: 'Evil', url: 'javascript:alert(1)' }],
      },
      assets: { data: { href: 'https://example.test/a.tif', type: 'image/tiff' } },
    } as unknown as StacItem;
    model.select(hostile, 'map');
    // stac-fields on its own writes the javascript: link into its HTML...
    expect(render(ItemView, model)).toContain('href="javascript:alert(1)"');
    // ...and every HTML string passes through the panel's sanitizer before it is rendered.
    const cleaned = render(ItemView, model, (html) => html.replaceAll('javascript:', 'blocked:'));
    expect(cleaned).not.toContain('javascript:');
    expect(cleaned).toContain('blocked:alert(1)');
  });
});
