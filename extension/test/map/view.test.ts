import { describe, expect, it } from 'vitest';
import type { Bbox } from '../../src/catalog/types.js';
import { containsBbox, sameBbox, viewBbox, viewStateToFit } from '../../src/map/view.js';

describe('viewBbox', () => {
  it('is the whole world when the view shows all of it', () => {
    expect(viewBbox({ longitude: 0, latitude: 0, zoom: 0 }, 1024, 1024)).toEqual([
      -180, -90, 180, 90,
    ]);
  });

  it('is the area around the centre of a zoomed-in view', () => {
    const bbox = viewBbox({ longitude: 10, latitude: 50, zoom: 8 }, 800, 600)!;
    expect(bbox[0]).toBeLessThan(10);
    expect(bbox[2]).toBeGreaterThan(10);
    expect(bbox[1]).toBeLessThan(50);
    expect(bbox[3]).toBeGreaterThan(50);
    // 800 px at zoom 8 is 800 / (512 · 2^8) of 360°.
    expect(bbox[2] - bbox[0]).toBeCloseTo((800 / (512 * 256)) * 360, 3);
  });

  it('crosses the antimeridian as STAC does: west > east', () => {
    const [west, , east] = viewBbox({ longitude: 180, latitude: 0, zoom: 4 }, 800, 600)!;
    expect(west).toBeGreaterThan(0);
    expect(east).toBeLessThan(0);
  });

  it('is null before the canvas has a size', () => {
    expect(viewBbox({ longitude: 0, latitude: 0, zoom: 3 }, 0, 0)).toBeNull();
  });
});

describe('viewStateToFit', () => {
  it('shows the whole box, snugly', () => {
    const box: Bbox = [5, 43, 9, 47];
    const view = viewStateToFit(box, 800, 600, { padding: 20 });
    const seen = viewBbox(view, 800, 600)!;
    expect(containsBbox(seen, box)).toBe(true);
    // One zoom level more would no longer show it.
    const closer = viewBbox({ ...view, zoom: view.zoom + 1 }, 800, 600)!;
    expect(containsBbox(closer, box)).toBe(false);
  });

  it('stops at the maximum zoom for a point', () => {
    const view = viewStateToFit([2, 3, 2, 3], 800, 600, { maxZoom: 12 });
    expect(view.zoom).toBe(12);
    expect(view.longitude).toBeCloseTo(2);
    expect(view.latitude).toBeCloseTo(3);
  });
});

describe('sameBbox', () => {
  it('compares up to a tolerance', () => {
    expect(sameBbox([1, 2, 3, 4], [1, 2, 3, 4.0000001])).toBe(true);
    expect(sameBbox([1, 2, 3, 4], [1, 2, 3, 5])).toBe(false);
    expect(sameBbox(null, [1, 2, 3, 4])).toBe(false);
    expect(sameBbox(null, null)).toBe(true);
  });
});
