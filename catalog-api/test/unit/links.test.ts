import { describe, expect, it } from 'vitest';
import { effectiveFields, wantsLinks } from '../../src/stac/fields.js';
import {
  collectionLinks,
  demoFileHref,
  itemLinks,
  mergeLinks,
  urlFor,
} from '../../src/stac/links.js';
import { mergePatch } from '../../src/stac/merge-patch.js';

const base = 'http://127.0.0.1:8000/services/catalog/';

describe('links', () => {
  it('gives demo asset files URLs under the public URL, each path segment encoded', () => {
    const href = demoFileHref(base);
    expect(href('water-mask-s2/loire/S2 tile#1.tif')).toBe(
      'http://127.0.0.1:8000/services/catalog/files/demo/water-mask-s2/loire/S2%20tile%231.tif',
    );
  });
  it('roots every link at the public URL, ids encoded', () => {
    const links = itemLinks(base, 'swot river', 'reach/1');
    expect(links.find((l) => l.rel === 'self')?.href).toBe(
      'http://127.0.0.1:8000/services/catalog/collections/swot%20river/items/reach%2F1',
    );
    expect(links.find((l) => l.rel === 'root')?.href).toBe(base);
    expect(collectionLinks(base, 'c').map((l) => l.rel)).toEqual([
      'self',
      'parent',
      'root',
      'items',
      'http://www.opengis.net/def/rel/ogc/1.0/queryables',
      'aggregate',
    ]);
    expect(urlFor(base, '/search', new URLSearchParams({ limit: '5' }))).toBe(
      `${base}search?limit=5`,
    );
  });
  it('replaces stored structural links and keeps the others', () => {
    const merged = mergeLinks(
      [
        { rel: 'self', href: 'http://old/self' },
        { rel: 'license', href: 'https://example.org/licence' },
      ],
      itemLinks(base, 'c', 'i'),
    );
    expect(merged.filter((l) => l.rel === 'self')).toHaveLength(1);
    expect(merged.find((l) => l.rel === 'self')?.href).toContain(base);
    expect(merged.find((l) => l.rel === 'license')?.href).toBe('https://example.org/licence');
  });
});

describe('JSON merge patch (RFC 7396)', () => {
  it('merges objects, removes nulls, replaces arrays', () => {
    expect(
      mergePatch(
        { properties: { a: 1, b: 2, nested: { x: 1 } }, assets: { d: {} }, list: [1, 2] },
        { properties: { b: null, c: 3, nested: { y: 2 } }, list: [3] },
      ),
    ).toEqual({ properties: { a: 1, c: 3, nested: { x: 1, y: 2 } }, assets: { d: {} }, list: [3] });
  });
});

describe('fields (include/exclude semantics)', () => {
  it('gives the default set, a valid item, for an empty fields object', () => {
    const f = effectiveFields({});
    expect(f.include).toEqual(
      expect.arrayContaining(['id', 'geometry', 'bbox', 'assets', 'links', 'properties.datetime']),
    );
    expect(f.exclude).toEqual([]);
    expect(wantsLinks(f)).toBe(true);
  });
  it('subtracts an exclude from the whole item, or from the default set when include is empty', () => {
    const whole = effectiveFields({ exclude: ['geometry'] });
    expect(whole).toEqual({ include: [], exclude: ['geometry'] });
    expect(wantsLinks(whole)).toBe(true);
    const fromDefault = effectiveFields({ include: null, exclude: ['geometry'] });
    expect(fromDefault.include).toContain('assets');
    expect(fromDefault.include).not.toContain('properties');
    expect(fromDefault.exclude).toEqual(['geometry']);
  });
  it('returns what is included plus the identity, without links unless asked', () => {
    const f = effectiveFields({ include: ['properties.wse'] });
    expect(f.include.sort()).toEqual([
      'collection',
      'id',
      'properties.wse',
      'stac_version',
      'type',
    ]);
    expect(wantsLinks(f)).toBe(false);
  });
  it('lets an include win over the same or a parent exclude', () => {
    expect(effectiveFields({ include: ['geometry'], exclude: ['geometry'] }).exclude).toEqual([]);
    expect(
      effectiveFields({ include: ['properties.wse'], exclude: ['properties', 'assets'] }).exclude,
    ).toEqual(['assets']);
  });
});
