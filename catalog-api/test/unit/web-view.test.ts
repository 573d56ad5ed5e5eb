import { describe, expect, it } from 'vitest';
import { prefersHtml } from '../../src/web/content-negotiation.js';
import { footprintMap } from '../../src/web/footprint-map.js';
import { html } from '../../src/web/html.js';
import { PageUrls } from '../../src/web/page-urls.js';
import { safeHref } from '../../src/web/values.js';

describe('the web view: who gets a page instead of JSON', () => {
  it('sends browsers to the page', () => {
    // What Chromium and Firefox send for a top-level navigation.
    expect(
      prefersHtml(
        'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
      ),
    ).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
  });

  it('keeps STAC clients on JSON', () => {
    for (const accept of [
      undefined,
      '',
      '*/*',
      'application/json',
      'application/geo+json, application/json;q=0.9',
      'application/json, text/html', // a tie goes to JSON
      'text/html;q=0.5, application/json',
      'text/html;q=0, */*',
      'text/*',
    ]) {
      expect(prefersHtml(accept), String(accept)).toBe(false);
    }
  });
});

describe('the web view: markup', () => {
  it('escapes every value put into a page', () => {
    const title = '<script>alert(1)</script> & "quotes"';
    expect(html`<h1 title="${title}">${title}</h1>`.markup).toBe(
      '<h1 title="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>',
    );
    expect(html`<ul>${['a', html`<li>b</li>`, null, false]}</ul>`.markup).toBe(
      '<ul>a<li>b</li></ul>',
    );
  });

  it('links only http(s) hrefs, resolved against their document', () => {
    const base = 'http://example.org/cat/collections/x/items/y';
    expect(safeHref('javascript:alert(1)', base)).toBeUndefined();
    expect(safeHref('data:text/html,hi', base)).toBeUndefined();
    expect(safeHref('s3://bucket/key.tif', base)).toBeUndefined();
    expect(safeHref('../../files/a.png', base)).toBe(
      'http://example.org/cat/collections/files/a.png',
    );
    expect(safeHref('https://data.example.org/a.tif', base)).toBe('https://data.example.org/a.tif');
  });

  it('draws each footprint as a linked, labelled path inside the frame', () => {
    const svg = footprintMap({
      label: 'map',
      footprints: [
        {
          label: 'Lake <one>',
          href: 'http://x/browser/collections/c/items/1',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
        { label: 'gauge', geometry: { type: 'Point', coordinates: [0.5, 0.5] } },
        { label: 'nothing', geometry: null },
      ],
    })!.markup;
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('<a href="http://x/browser/collections/c/items/1">');
    expect(svg).toContain('<title>Lake &lt;one&gt;</title>');
    const coords = [...svg.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [+m[1]!, +m[2]!]);
    const [, , width, height] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number);
    for (const [x, y] of coords) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(width!);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(height!);
    }
    expect(footprintMap({ label: 'empty', footprints: [] })).toBeUndefined();
  });
});

describe('the web view: page URLs mirror the API under browser/', () => {
  const urls = new PageUrls('http://hub.example/services/catalog/');
  it('maps API links to the pages that show them', () => {
    const api = 'http://hub.example/services/catalog/';
    expect(urls.pageFor(api)).toBe(`${api}browser/`);
    expect(urls.pageFor(`${api}collections?limit=10&offset=10`)).toBe(
      `${api}browser/?limit=10&offset=10`,
    );
    expect(urls.pageFor(`${api}collections/swot%3Areach`)).toBe(
      `${api}browser/collections/swot%3Areach`,
    );
    expect(urls.pageFor(`${api}collections/lakes/items?limit=20&token=next%3Aabc`)).toBe(
      `${api}browser/collections/lakes?limit=20&token=next%3Aabc`,
    );
    expect(urls.pageFor(`${api}collections/lakes/items/a%2Fb`)).toBe(
      `${api}browser/collections/lakes/items/a%2Fb`,
    );
    expect(urls.pageFor('http://elsewhere.example/collections/x')).toBeUndefined();
    expect(urls.pageFor(`${api}search?q=lake&token=next%3Ax`)).toBe(
      `${api}browser/search?q=lake&token=next%3Ax`,
    );
    expect(urls.pageFor(`${api}queryables`)).toBeUndefined();
  });
});
