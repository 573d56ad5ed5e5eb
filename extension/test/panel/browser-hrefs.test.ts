import { describe, expect, it } from 'vitest';
import { browserHref, selfHref, thumbnailHref } from '../../src/panel/browser-hrefs.js';

const self = { rel: 'self', href: 'https://catalog.test/stac/collections/c1/items/a' };

describe('browserHref', () => {
  it('resolves a relative href against the self link', () => {
    expect(browserHref('./a.png', self.href)).toBe(
      'https://catalog.test/stac/collections/c1/items/a.png',
    );
    expect(browserHref('../thumbs/a.png', self.href)).toBe(
      'https://catalog.test/stac/collections/c1/thumbs/a.png',
    );
  });

  it('keeps absolute http(s) URLs and refuses what a browser cannot fetch', () => {
    expect(browserHref('https://data.test/a.tif', self.href)).toBe('https://data.test/a.tif');
    expect(browserHref('s3://bucket/a.tif', self.href)).toBeNull();
    expect(browserHref('/data/a.tif', undefined)).toBeNull();
    expect(browserHref('file:///data/a.tif', undefined)).toBeNull();
  });

  it('finds the self link', () => {
    expect(selfHref([{ rel: 'root', href: 'x' }, self])).toBe(self.href);
    expect(selfHref(undefined)).toBeUndefined();
  });
});

describe('thumbnailHref', () => {
  it('prefers an asset with the thumbnail role', () => {
    const item = {
      links: [self, { rel: 'preview', href: 'https://p.test/preview.png', type: 'image/png' }],
      assets: {
        data: { href: 'https://d.test/a.tif', roles: ['data'] },
        small: { href: 'thumb.jpg', type: 'image/jpeg', roles: ['thumbnail'] },
      },
    };
    expect(thumbnailHref(item)).toBe('https://catalog.test/stac/collections/c1/items/thumb.jpg');
  });

  it('skips thumbnails browsers cannot show, and falls back to a preview link', () => {
    const item = {
      links: [self, { rel: 'preview', href: 'https://p.test/preview.png', type: 'image/png' }],
      assets: {
        thumbnail: { href: 'https://d.test/t.tif', type: 'image/tiff; application=geotiff' },
        s3: { href: 's3://bucket/t.png', roles: ['thumbnail'] },
      },
    };
    expect(thumbnailHref(item)).toBe('https://p.test/preview.png');
  });

  it('has none when nothing fits', () => {
    expect(thumbnailHref({ assets: { data: { href: 'https://d.test/a.tif' } } })).toBeNull();
    expect(thumbnailHref({})).toBeNull();
  });
});
