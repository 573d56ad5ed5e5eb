/**
 * The basemap: Natural Earth land and borders bundled with the extension (world-atlas), so the
 * map works offline and behind any firewall, with an optional XYZ tile layer between the land
 * and the borders when the settings give a tile URL template.
 */
import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer, GeoJsonLayer, LineLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { MapColors } from './map-colors.js';

export interface NaturalEarth {
  land: Feature | FeatureCollection;
  /** Borders between countries, each drawn once. */
  borders: MultiLineString;
}

/** Natural Earth's scales: 1:110m for the world, 1:50m once zoomed in to a region. */
export type NaturalEarthScale = '110m' | '50m';

/** From this zoom the 1:50m data is drawn (a Web Mercator world 8,192 px wide). */
export const FINE_BASEMAP_ZOOM = 4;

export function naturalEarthScaleFor(zoom: number): NaturalEarthScale {
  return zoom >= FINE_BASEMAP_ZOOM ? '50m' : '110m';
}

type Topology = Parameters<typeof mesh>[0];

const loads = new Map<NaturalEarthScale, Promise<NaturalEarth>>();

/**
 * Natural Earth countries at a scale, decoded from TopoJSON once per page. Each scale is a
 * separate chunk: the extension does not wait for them, and the 1:50m one (750 kB) loads only
 * when the map is first zoomed in.
 */
export function loadNaturalEarth(scale: NaturalEarthScale = '110m'): Promise<NaturalEarth> {
  let load = loads.get(scale);
  if (!load) {
    const json =
      scale === '50m'
        ? import('world-atlas/countries-50m.json')
        : import('world-atlas/countries-110m.json');
    load = json.then((module) => decodeNaturalEarth(module.default as unknown as Topology));
    // A failed load (a chunk that did not arrive) is tried again next time.
    load.catch(() => loads.delete(scale));
    loads.set(scale, load);
  }
  return load;
}

/** Land and borders from a world-atlas `countries-*.json` topology. */
export function decodeNaturalEarth(topology: Topology): NaturalEarth {
  const countries = topology.objects.countries as Parameters<typeof mesh>[1];
  if (!countries || !topology.objects.land) {
    throw new Error('The world-atlas topology has no countries or land object.');
  }
  return {
    land: feature(topology, 'land'),
    borders: mesh(topology, countries, (a, b) => a !== b),
  };
}

/**
 * The Natural Earth layers. The land goes at the bottom, under any tiles, so the map still
 * shows the world when tiles cannot load; the borders go over the tiles. Layer ids carry the
 * scale, so both scales can stay in the layer list and only `visible` changes with the zoom.
 */
export function naturalEarthLayers(
  data: NaturalEarth,
  scale: NaturalEarthScale,
  colors: MapColors,
  visible: boolean,
): { land: Layer; borders: Layer } {
  return {
    land: new GeoJsonLayer({
      id: `styx-basemap-land-${scale}`,
      data: data.land,
      visible,
      // Merged land crosses the antimeridian (Russia, Fiji) and rings Antarctica: cut it there,
      // or its rings jump across the whole map and the fill comes out wrong.
      wrapLongitude: true,
      stroked: false,
      filled: true,
      getFillColor: colors.land,
      updateTriggers: { getFillColor: colors.land },
    }),
    borders: new LineLayer({
      id: `styx-basemap-borders-${scale}`,
      data: segmentsOf(data.borders),
      visible,
      widthUnits: 'pixels',
      getWidth: 1,
      getColor: colors.border,
      updateTriggers: { getColor: colors.border },
    }),
  };
}

/**
 * Whether `url` is an XYZ tile URL template this map can draw: http(s) with `{z}`, `{x}` and
 * `{y}` (and optionally `{s}` for the a/b/c subdomains).
 */
export function isTileUrlTemplate(url: string | null | undefined): url is string {
  if (!url) return false;
  return (
    /^https?:\/\//i.test(url.trim()) && ['{z}', '{x}', '{y}'].every((key) => url.includes(key))
  );
}

/** The URLs deck.gl rotates through for a template (`{s}` becomes a, b and c). */
export function tileUrls(template: string): string[] {
  const url = template.trim();
  return url.includes('{s}') ? ['a', 'b', 'c'].map((s) => url.replaceAll('{s}', s)) : [url];
}

/** An XYZ raster tile layer, or null when `template` is not a usable tile URL template. */
export function tileBasemapLayer(
  template: string | null | undefined,
  onError?: (error: unknown) => void,
): Layer | null {
  if (!isTileUrlTemplate(template)) return null;
  return new TileLayer<ImageBitmap | null>({
    id: 'styx-basemap-tiles',
    data: tileUrls(template),
    minZoom: 0,
    maxZoom: 19,
    tileSize: 256,
    maxRequests: 6,
    ...(onError ? { onTileError: onError } : {}),
    renderSubLayers: (props) => {
      const [[west, south], [east, north]] = props.tile.boundingBox as [number[], number[]];
      if (!props.data) return null;
      return new BitmapLayer({
        id: props.id,
        image: props.data,
        bounds: [west!, south!, east!, north!],
      });
    },
  });
}

const segmentCache = new WeakMap<MultiLineString, LineSegments>();

interface LineSegments {
  length: number;
  attributes: {
    getSourcePosition: { value: Float64Array; size: 2; stride: number; offset: number };
    getTargetPosition: { value: Float64Array; size: 2; stride: number; offset: number };
  };
}

/**
 * The lines as separate segments for `LineLayer`: a quad per segment, where `PathLayer` also
 * draws joints. Tens of thousands of border segments are drawn each frame; without a GPU
 * (software WebGL) joints made the 1:50m borders take about twice as long.
 */
function segmentsOf(lines: MultiLineString): LineSegments {
  let segments = segmentCache.get(lines);
  if (!segments) {
    let count = 0;
    for (const line of lines.coordinates) count += Math.max(0, line.length - 1);
    const value = new Float64Array(4 * count);
    let at = 0;
    for (const line of lines.coordinates) {
      for (let i = 1; i < line.length; i++) {
        value[at++] = line[i - 1]![0]!;
        value[at++] = line[i - 1]![1]!;
        value[at++] = line[i]![0]!;
        value[at++] = line[i]![1]!;
      }
    }
    const column = (offset: number) => ({ value, size: 2 as const, stride: 32, offset });
    segments = {
      length: count,
      attributes: { getSourcePosition: column(0), getTargetPosition: column(16) },
    };
    segmentCache.set(lines, segments);
  }
  return segments;
}
