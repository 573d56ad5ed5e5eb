import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/types.js';
import { buildFootprints } from '../../src/map/footprints.js';
import {
  footprintLayer,
  markerItem,
  markerLayer,
  markerMaxZoom,
  OUTLINE_LIMIT,
} from '../../src/map/layers.js';

function square(id: string, x: number, size: number): StacItem {
  const geometry: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [x, 0],
        [x + size, 0],
        [x + size, size],
        [x, size],
        [x, 0],
      ],
    ],
  };
  return { type: 'Feature', id, geometry, properties: {}, assets: {}, links: [] };
}

const BLUE: [number, number, number, number] = [25, 118, 210, 255];

describe('footprint markers', () => {
  it('show below the zoom where a typical footprint spans a few pixels', () => {
    const footprints = buildFootprints([
      square('a', 0, 0.1),
      square('b', 1, 0.1),
      square('c', 2, 0.1),
    ]);
    const zoom = markerMaxZoom(footprints);
    // A Web Mercator world is 512 · 2^zoom pixels wide.
    const pixels = (0.1 / 360) * 512 * 2 ** zoom;
    expect(pixels).toBeCloseTo(6);
    expect(markerLayer(footprints, BLUE, zoom - 1)?.props.visible).toBe(true);
    expect(markerLayer(footprints, BLUE, zoom + 1)?.props.visible).toBe(false);
  });

  it('map a picked marker back to its item, the first result drawn last (on top)', () => {
    const items = [
      square('a', 0, 1),
      { ...square('none', 0, 1), geometry: null },
      square('c', 2, 1),
    ];
    const footprints = buildFootprints(items);
    expect(markerItem(footprints, 0)).toBe(2);
    expect(markerItem(footprints, 1)).toBe(0);
    expect(markerItem(footprints, 2)).toBeUndefined();
  });
});

describe('footprintLayer', () => {
  it('outlines small result sets only', () => {
    const few = buildFootprints([square('a', 0, 1)]);
    expect(footprintLayer(few, BLUE).props.stroked).toBe(true);
    const many = buildFootprints(
      Array.from({ length: OUTLINE_LIMIT + 1 }, (_, i) => square(`i${i}`, i * 0.01, 0.01)),
    );
    expect(footprintLayer(many, BLUE).props.stroked).toBe(false);
  });
});
