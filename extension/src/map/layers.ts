/**
 * The deck.gl layers that draw results, the selection and the search area. The map widget and
 * the benchmark both build the footprints layer here, so the benchmark measures what ships.
 */
import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { BitmapLayer, GeoJsonLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import type { Bbox, StacItem } from '../catalog/types.js';
import type { Footprints } from './footprints.js';
import { type MapColors, type Rgba, withAlpha } from './map-colors.js';
import type { PreviewImage } from './preview.js';

export const FOOTPRINTS_LAYER_ID = 'styx-footprints';
export const MARKERS_LAYER_ID = 'styx-footprint-markers';

/** Translucent, so overlapping footprints show as darker areas. */
export const FOOTPRINT_FILL_ALPHA = 90;

/**
 * Above this many footprints, outlines are left out. An outline costs a line segment per
 * vertex, each drawn as an instance: far more work than the filled triangles on weak GPUs and
 * in software rendering, where it would make each frame take seconds.
 */
export const OUTLINE_LIMIT = 5000;

/** Above this many footprints, no markers for footprints too small to see (same reason). */
export const MARKER_LIMIT = 20000;

/** A footprint smaller than this on screen also gets a marker, so it does not vanish. */
const MARKER_MIN_FOOTPRINT_PIXELS = 6;

/** The props of the footprints layer other than its data (shared with the naive form). */
export function footprintLayerProps(color: Rgba, outlined: boolean) {
  return {
    filled: true,
    stroked: outlined,
    getFillColor: withAlpha(color, FOOTPRINT_FILL_ALPHA),
    getLineColor: color,
    lineWidthUnits: 'pixels' as const,
    getLineWidth: 1,
    lineWidthMinPixels: 1,
    // Points and lines among the footprints: visible at every zoom.
    pointType: 'circle',
    pointRadiusUnits: 'pixels' as const,
    getPointRadius: 4,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(color, 200),
    updateTriggers: { getFillColor: color, getLineColor: color },
  };
}

/** The footprints from their binary form; the picking index is the item index. */
export function footprintLayer(
  footprints: Footprints,
  color: Rgba,
  options: { id?: string; outlined?: boolean } = {},
): GeoJsonLayer {
  const outlined = options.outlined ?? footprints.drawnCount <= OUTLINE_LIMIT;
  return new GeoJsonLayer({
    id: options.id ?? FOOTPRINTS_LAYER_ID,
    data: footprints.binary,
    ...footprintLayerProps(color, outlined),
  });
}

/** The naive form, for comparison: one GeoJSON feature object per item. */
export function naiveFootprintLayer(
  features: Feature[],
  color: Rgba,
  options: { id?: string; outlined?: boolean } = {},
): GeoJsonLayer {
  return new GeoJsonLayer({
    id: options.id ?? FOOTPRINTS_LAYER_ID,
    data: features,
    ...footprintLayerProps(color, options.outlined ?? features.length <= OUTLINE_LIMIT),
  });
}

interface MarkerData {
  length: number;
  attributes: { getPosition: { value: Float64Array; size: 2 } };
  /** The item index of each marker. */
  items: Uint32Array;
}

const markerCache = new WeakMap<Footprints, MarkerData>();

/** One marker per drawn item at its anchor, last item first (so the first is drawn on top). */
function markerData(footprints: Footprints): MarkerData {
  let data = markerCache.get(footprints);
  if (!data) {
    const n = footprints.drawnItems.length;
    const positions = new Float64Array(2 * n);
    const items = new Uint32Array(n);
    for (let row = 0; row < n; row++) {
      const item = footprints.drawnItems[n - 1 - row]!;
      items[row] = item;
      positions[2 * row] = footprints.anchors[2 * item]!;
      positions[2 * row + 1] = footprints.anchors[2 * item + 1]!;
    }
    data = { length: n, attributes: { getPosition: { value: positions, size: 2 } }, items };
    markerCache.set(footprints, data);
  }
  return data;
}

/** The item index a picked marker stands for. */
export function markerItem(footprints: Footprints, row: number): number | undefined {
  return markerData(footprints).items[row];
}

/**
 * Markers for footprints too small to see at the current zoom, or null for large sets.
 * `zoom` decides whether they show at all (see `markerMaxZoom`).
 */
export function markerLayer(footprints: Footprints, color: Rgba, zoom: number): Layer | null {
  if (footprints.drawnCount === 0 || footprints.drawnCount > MARKER_LIMIT) return null;
  return new ScatterplotLayer({
    id: MARKERS_LAYER_ID,
    data: markerData(footprints),
    visible: zoom < markerMaxZoom(footprints),
    radiusUnits: 'pixels',
    getRadius: 3,
    getFillColor: color,
    updateTriggers: { getFillColor: color },
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(color, 200),
  });
}

const maxZoomCache = new WeakMap<Footprints, number>();

/**
 * The zoom below which a typical footprint (the median of up to 1,000 of them) spans fewer than
 * a few pixels. A Web Mercator world is 512 × 2^zoom pixels wide.
 */
export function markerMaxZoom(footprints: Footprints): number {
  let zoom = maxZoomCache.get(footprints);
  if (zoom === undefined) {
    const { drawnItems, itemBounds } = footprints;
    const step = Math.max(1, Math.floor(drawnItems.length / 1000));
    const extents: number[] = [];
    for (let i = 0; i < drawnItems.length; i += step) {
      const at = 4 * drawnItems[i]!;
      extents.push(
        Math.max(itemBounds[at + 2]! - itemBounds[at]!, itemBounds[at + 3]! - itemBounds[at + 1]!),
      );
    }
    extents.sort((a, b) => a - b);
    const median = extents[extents.length >> 1] ?? 0;
    zoom = median > 0 ? Math.log2((MARKER_MIN_FOOTPRINT_PIXELS * 360) / (512 * median)) : Infinity;
    maxZoomCache.set(footprints, zoom);
  }
  return zoom;
}

/** The selected item, outlined on top of everything else. */
export function selectionLayer(
  item: StacItem,
  colors: MapColors,
  options: { filled?: boolean } = {},
): Layer {
  return new GeoJsonLayer({
    id: 'styx-selection',
    data: [item as StacItem as Feature],
    filled: options.filled ?? true,
    stroked: true,
    getFillColor: withAlpha(colors.selected, 40),
    getLineColor: colors.selected,
    lineWidthUnits: 'pixels',
    getLineWidth: 2.5,
    pointType: 'circle',
    pointRadiusUnits: 'pixels',
    getPointRadius: 6,
    updateTriggers: { getFillColor: colors.selected, getLineColor: colors.selected },
  });
}

/** A ring around the selected item's anchor, for when its footprint is too small to see. */
export function selectionMarkerLayer(anchor: [number, number], colors: MapColors): Layer {
  return new ScatterplotLayer({
    id: 'styx-selection-marker',
    data: [anchor],
    getPosition: (d: [number, number]) => d,
    radiusUnits: 'pixels',
    getRadius: 7,
    filled: false,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 2.5,
    getLineColor: colors.selected,
    updateTriggers: { getLineColor: colors.selected },
  });
}

/** The item's quick look, stretched over its footprint's bounds. */
export function previewLayer(preview: PreviewImage, onError: (error: Error) => void): Layer {
  return new BitmapLayer({
    id: 'styx-preview',
    image: preview.href,
    bounds: preview.bounds,
    // Quick looks of lon/lat footprints are close to plate carrée, not Web Mercator.
    _imageCoordinateSystem: COORDINATE_SYSTEM.LNGLAT,
    onError: (error: Error) => {
      onError(error);
      return true;
    },
  });
}

/** The search rectangle: the query's bbox, or the one being drawn. */
export function searchAreaLayer(bbox: Bbox, color: Rgba, id = 'styx-search-area'): Layer {
  const [west, south, north] = [bbox[0], bbox[1], bbox[3]];
  // Across the antimeridian (west > east), continue past 180° so the rectangle stays whole.
  const east = bbox[2] < west ? bbox[2] + 360 : bbox[2];
  return new PolygonLayer({
    id,
    data: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
    getPolygon: (ring: number[][]) => ring,
    filled: true,
    stroked: true,
    getFillColor: withAlpha(color, 30),
    getLineColor: color,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    updateTriggers: { getFillColor: color, getLineColor: color },
  });
}
