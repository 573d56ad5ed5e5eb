import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/types.js';
import {
  COG_TILES_LAYER_ID,
  cogTileLayer,
  cogTileSource,
  colourQuery,
  fetchTileJson,
} from '../../src/map/cog-tiles.js';

const CATALOG = 'https://hub.example/services/catalog/';

/** A demo water mask as the Styx catalog serves it. */
function waterMask(links = [{ rel: 'root', href: CATALOG }]): StacItem {
  return {
    type: 'Feature',
    id: 'watermask-e00079n4401-20230111',
    collection: 'water-mask-s2',
    geometry: null,
    properties: { datetime: '2023-01-11T10:50:00Z' },
    assets: {
      thumbnail: { href: `${CATALOG}files/demo/m.png`, type: 'image/png', roles: ['thumbnail'] },
      mask: {
        href: `${CATALOG}files/demo/m.tif`,
        type: 'image/tiff; application=geotiff; profile=cloud-optimized',
        roles: ['data'],
        'classification:classes': [
          { value: 0, name: 'land', color_hint: 'D9CFAE' },
          { value: 1, name: 'water', color_hint: '1F78B4' },
          { value: 2, name: 'cloud', color_hint: 'F0F0F0' },
          { value: 255, name: 'nodata', color_hint: '000000' },
        ],
      },
    },
    links,
  };
}

describe('the selected item’s COG tiles', () => {
  it('ask the catalog for the data COG’s TileJSON, coloured by its classes, no-data transparent', () => {
    const source = cogTileSource(waterMask());
    expect(source?.asset).toBe('mask');
    const url = new URL(source!.tileJsonUrl);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${CATALOG}tiles/water-mask-s2/watermask-e00079n4401-20230111/mask/tilejson.json`,
    );
    expect(JSON.parse(url.searchParams.get('colormap')!)).toEqual({
      0: '#D9CFAEff',
      1: '#1F78B4ff',
      2: '#F0F0F0ff',
      255: '#00000000',
    });
  });

  it('find the catalog from the self link when there is no root link', () => {
    const item = waterMask([
      {
        rel: 'self',
        href: `${CATALOG}collections/water-mask-s2/items/watermask-e00079n4401-20230111`,
      },
    ]);
    expect(cogTileSource(item)?.tileJsonUrl.startsWith(`${CATALOG}tiles/`)).toBe(true);
  });

  it('are not asked for when the item has no GeoTIFF or no catalog link', () => {
    const item = waterMask();
    const { mask: _mask, ...others } = item.assets;
    expect(cogTileSource({ ...item, assets: others })).toBeNull();
    expect(cogTileSource(waterMask([]))).toBeNull();
  });

  it('stretch a band with statistics over viridis', () => {
    const query = new URLSearchParams(
      colourQuery({
        href: 'x.tif',
        type: 'image/tiff; application=geotiff',
        'raster:bands': [{ statistics: { minimum: 0, maximum: 3000 } }],
      }),
    );
    expect(query.get('rescale')).toBe('0,3000');
    expect(query.get('colormap_name')).toBe('viridis');
  });

  it('read the TileJSON, and nothing from a catalog without tiles', async () => {
    const tileJson = {
      tilejson: '3.0.0',
      tiles: [`${CATALOG}tiles/c/i/mask/{z}/{x}/{y}.png`],
      minzoom: 8,
      maxzoom: 10,
      bounds: [0.79, 44.01, 0.99, 44.21],
    };
    const ok = (async () => new Response(JSON.stringify(tileJson))) as typeof fetch;
    const missing = (async () => new Response('{}', { status: 404 })) as typeof fetch;
    expect(await fetchTileJson('u', ok)).toEqual(tileJson);
    expect(await fetchTileJson('u', missing)).toBeNull();
  });

  it('draw as a TileLayer bounded by the TileJSON’s extent and zooms', () => {
    const layer = cogTileLayer({
      tilejson: '3.0.0',
      tiles: ['https://c/tiles/{z}/{x}/{y}.png'],
      minzoom: 8,
      maxzoom: 10,
      bounds: [0.79, 44.01, 0.99, 44.21],
    });
    expect(layer.id).toBe(COG_TILES_LAYER_ID);
    expect(layer.props).toMatchObject({
      data: ['https://c/tiles/{z}/{x}/{y}.png'],
      minZoom: 8,
      maxZoom: 10,
      extent: [0.79, 44.01, 0.99, 44.21],
      tileSize: 256,
    });
  });
});
