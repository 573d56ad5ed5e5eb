import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/types.js';
import { previewImage } from '../../src/map/preview.js';

function item(assets: StacItem['assets'], self?: string): StacItem {
  return {
    type: 'Feature',
    id: 'i',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [1, 2],
          [3, 2],
          [3, 4],
          [1, 4],
          [1, 2],
        ],
      ],
    },
    properties: {},
    assets,
    links: self ? [{ rel: 'self', href: self }] : [],
  };
}

describe('previewImage', () => {
  it('prefers the thumbnail and draws it over the footprint bounds', () => {
    const preview = previewImage(
      item({
        data: {
          href: 'http://x/data.tif',
          type: 'image/tiff; application=geotiff',
          roles: ['data'],
        },
        visual: { href: 'http://x/visual.jpg', type: 'image/jpeg', roles: ['visual'] },
        thumbnail: { href: 'http://x/thumb.png', type: 'image/png', roles: ['thumbnail'] },
      }),
    );
    expect(preview).toEqual({
      href: 'http://x/thumb.png',
      bounds: [1, 2, 3, 4],
      asset: 'thumbnail',
    });
  });

  it('falls back to an overview or visual image the browser can decode', () => {
    const preview = previewImage(
      item({
        thumbnail: { href: 'http://x/thumb.webp', type: 'image/webp', roles: ['thumbnail'] },
        overview: { href: 'http://x/overview.tif', type: 'image/tiff', roles: ['overview'] },
        visual: { href: 'http://x/visual.JPG?sig=1', roles: ['visual'] },
      }),
    );
    expect(preview?.href).toBe('http://x/visual.JPG?sig=1');
  });

  it('resolves relative hrefs against the item link, and skips what cannot be fetched', () => {
    const thumbnail = { href: '../previews/i.png', type: 'image/png', roles: ['thumbnail'] };
    expect(previewImage(item({ thumbnail }, 'http://cat/items/i.json'))?.href).toBe(
      'http://cat/previews/i.png',
    );
    expect(previewImage(item({ thumbnail }))).toBeNull();
    expect(
      previewImage(item({ thumbnail: { ...thumbnail, href: 's3://bucket/i.png' } })),
    ).toBeNull();
  });

  it('is null without a footprint or an image', () => {
    expect(previewImage({ ...item({}), geometry: null })).toBeNull();
    expect(previewImage(item({ data: { href: 'http://x/d.nc', roles: ['data'] } }))).toBeNull();
  });
});
