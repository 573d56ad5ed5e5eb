import type { Geometry, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/types.js';
import {
  buildFootprints,
  type Footprints,
  footprintFeatures,
  isConvexRing,
  itemBounds,
} from '../../src/map/footprints.js';

function item(id: string, geometry: Geometry | null, bbox?: number[]): StacItem {
  return {
    type: 'Feature',
    id,
    collection: 'c',
    geometry,
    ...(bbox ? { bbox } : {}),
    properties: { datetime: '2024-01-01T00:00:00Z' },
    assets: {},
    links: [],
  };
}

function square(x: number, y: number, size: number): Position[] {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
}

const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

/** The L-shaped (concave) outline of a 2 × 2 square missing its top-right quarter. */
const L_SHAPE: Position[] = [
  [0, 0],
  [2, 0],
  [2, 1],
  [1, 1],
  [1, 2],
  [0, 2],
  [0, 0],
];

/** The rings the binary polygons hold, per item index, as lists of positions. */
function binaryRings(footprints: Footprints): Map<number, Position[][]> {
  const { positions, globalFeatureIds, primitivePolygonIndices } = footprints.binary.polygons;
  const rings = new Map<number, Position[][]>();
  const starts = primitivePolygonIndices.value;
  for (let r = 0; r + 1 < starts.length; r++) {
    const ring: Position[] = [];
    for (let v = starts[r]!; v < starts[r + 1]!; v++) {
      ring.push([positions.value[2 * v]!, positions.value[2 * v + 1]!]);
    }
    const id = globalFeatureIds.value[starts[r]!]!;
    rings.set(id, [...(rings.get(id) ?? []), ring]);
  }
  return rings;
}

/** Area covered by an item's triangles. */
function triangleArea(footprints: Footprints, itemIndex: number): number {
  const { positions, globalFeatureIds, triangles } = footprints.binary.polygons;
  const p = positions.value;
  let area = 0;
  for (let i = 0; i < triangles.value.length; i += 3) {
    const [a, b, c] = [triangles.value[i]!, triangles.value[i + 1]!, triangles.value[i + 2]!];
    if (globalFeatureIds.value[a] !== itemIndex) continue;
    area +=
      Math.abs(
        (p[2 * b]! - p[2 * a]!) * (p[2 * c + 1]! - p[2 * a + 1]!) -
          (p[2 * c]! - p[2 * a]!) * (p[2 * b + 1]! - p[2 * a + 1]!),
      ) / 2;
  }
  return area;
}

/** Whether any triangle of the footprints covers the point. */
function covered(footprints: Footprints, x: number, y: number): boolean {
  const { positions, triangles } = footprints.binary.polygons;
  const p = positions.value;
  const t = triangles.value;
  const side = (ax: number, ay: number, bx: number, by: number) =>
    (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  for (let i = 0; i < t.length; i += 3) {
    const [a, b, c] = [2 * t[i]!, 2 * t[i + 1]!, 2 * t[i + 2]!];
    const d1 = side(p[a]!, p[a + 1]!, p[b]!, p[b + 1]!);
    const d2 = side(p[b]!, p[b + 1]!, p[c]!, p[c + 1]!);
    const d3 = side(p[c]!, p[c + 1]!, p[a]!, p[a + 1]!);
    if ((d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0)) return true;
  }
  return false;
}

function pointInRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const MIXED: StacItem[] = [
  item('square', polygon(square(0, 0, 1))),
  item('no-geometry', null),
  item('multi', {
    type: 'MultiPolygon',
    coordinates: [[square(10, 10, 4), square(11, 11, 1)], [square(20, 0, 1)]],
  }),
  item('point', { type: 'Point', coordinates: [5, 5] }),
  item('line', {
    type: 'LineString',
    coordinates: [
      [30, 0],
      [31, 1],
      [32, 0],
    ],
  }),
];

describe('buildFootprints', () => {
  it('counts polygons, rings, points and lines of mixed geometries', () => {
    const footprints = buildFootprints(MIXED);
    const { polygons, points, lines } = footprints.binary;
    expect(footprints.itemCount).toBe(5);
    expect(footprints.drawnCount).toBe(4);
    expect(polygons.polygonIndices.value.length - 1).toBe(3);
    expect(polygons.primitivePolygonIndices.value.length - 1).toBe(4);
    expect(polygons.positions.value.length / 2).toBe(4 * 5);
    expect(points.positions.value.length / 2).toBe(1);
    expect(lines.pathIndices.value.length - 1).toBe(1);
    expect(lines.positions.value.length / 2).toBe(3);
  });

  it('labels every vertex with the index of its item, skipping null geometries', () => {
    const footprints = buildFootprints(MIXED);
    const { polygons, points, lines } = footprints.binary;
    expect(new Set(polygons.globalFeatureIds.value)).toEqual(new Set([0, 2]));
    expect([...points.globalFeatureIds.value]).toEqual([3]);
    expect([...lines.globalFeatureIds.value]).toEqual([4, 4, 4]);
    expect([...points.positions.value]).toEqual([5, 5]);
    expect([...footprints.drawnItems]).toEqual([0, 2, 3, 4]);
    expect(Number.isNaN(footprints.anchors[2])).toBe(true);
  });

  it('describes the same rings as the naive features', () => {
    const footprints = buildFootprints(MIXED);
    const rings = binaryRings(footprints);
    footprintFeatures(MIXED).forEach((feature, index) => {
      const geometry = feature.geometry;
      const expected =
        geometry?.type === 'Polygon'
          ? geometry.coordinates
          : geometry?.type === 'MultiPolygon'
            ? geometry.coordinates.flat()
            : undefined;
      expect(rings.get(index)).toEqual(expected);
    });
  });

  it('keeps the naive features as the items, so their index is the item index', () => {
    const features = footprintFeatures(MIXED);
    expect(features).toHaveLength(MIXED.length);
    expect(features[2]).toBe(MIXED[2]);
  });

  it('fills a polygon but not its hole', () => {
    const footprints = buildFootprints([item('holed', polygon(square(0, 0, 4), square(1, 1, 2)))]);
    expect(triangleArea(footprints, 0)).toBeCloseTo(16 - 4);
    expect(covered(footprints, 2, 2)).toBe(false);
    expect(covered(footprints, 0.3, 0.6)).toBe(true);
    expect(covered(footprints, 3.5, 2.2)).toBe(true);
  });

  it('triangulates concave polygons without covering outside them', () => {
    const footprints = buildFootprints([item('L', polygon(L_SHAPE))]);
    expect(triangleArea(footprints, 0)).toBeCloseTo(3);
    expect(covered(footprints, 1.5, 1.5)).toBe(false);
    expect(covered(footprints, 0.4, 1.7)).toBe(true);
  });

  it('covers each part of a MultiPolygon once', () => {
    const footprints = buildFootprints(MIXED);
    expect(triangleArea(footprints, 2)).toBeCloseTo(16 - 1 + 1);
    expect(triangleArea(footprints, 0)).toBeCloseTo(1);
  });

  it('closes open rings', () => {
    const open = square(0, 0, 1).slice(0, 4);
    const footprints = buildFootprints([item('open', polygon(open))]);
    expect(binaryRings(footprints).get(0)).toEqual([square(0, 0, 1)]);
    expect(triangleArea(footprints, 0)).toBeCloseTo(1);
  });

  it('skips malformed parts and keeps the rest of the item', () => {
    const items = [
      item(
        'nan',
        polygon([
          [0, 0],
          [1, Number.NaN],
          [1, 1],
          [0, 0],
        ]),
      ),
      item(
        'two-positions',
        polygon([
          [0, 0],
          [1, 1],
        ]),
      ),
      item(
        'bad-hole',
        polygon(square(0, 0, 4), [
          [1, 1],
          [2, 2],
        ]),
      ),
      item('empty-multi', { type: 'MultiPolygon', coordinates: [] }),
    ];
    const footprints = buildFootprints(items);
    expect(footprints.drawnCount).toBe(1);
    expect([...footprints.drawnItems]).toEqual([2]);
    expect(binaryRings(footprints).get(2)).toEqual([square(0, 0, 4)]);
    expect(triangleArea(footprints, 2)).toBeCloseTo(16);
  });

  it('draws the first result on top where footprints overlap', () => {
    const items = [
      item('first', polygon(square(0, 0, 2))),
      item('second', polygon(square(1, 1, 2))),
    ];
    const { triangles, globalFeatureIds } = buildFootprints(items).binary.polygons;
    const order = [...triangles.value].map((v) => globalFeatureIds.value[v]);
    // Later triangles are drawn over earlier ones.
    expect(order.lastIndexOf(1)).toBeLessThan(order.indexOf(0));
  });

  it('anchors each item at a point inside its footprint', () => {
    const u: Position[] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    const items = [item('U', polygon(u)), item('L', polygon(L_SHAPE))];
    const footprints = buildFootprints(items);
    const anchor = (i: number) => [footprints.anchors[2 * i]!, footprints.anchors[2 * i + 1]!];
    const [ux, uy] = anchor(0) as [number, number];
    expect(pointInRing(u, ux, uy)).toBe(true);
    const [lx, ly] = anchor(1) as [number, number];
    expect(pointInRing(L_SHAPE, lx, ly)).toBe(true);
  });

  it('keeps a footprint across the antimeridian in one piece', () => {
    const ring = [
      [179, 0],
      [-179, 0],
      [-179, 1],
      [179, 1],
      [179, 0],
    ];
    const footprints = buildFootprints([item('fiji', polygon(ring))]);
    expect(footprints.bounds).toEqual([179, 0, 181, 1]);
    expect(triangleArea(footprints, 0)).toBeCloseTo(2);
    expect(itemBounds(item('fiji', polygon(ring)))).toEqual([179, 0, 181, 1]);
  });

  it('gives the bounds of all footprints and of each item', () => {
    const footprints = buildFootprints(MIXED);
    expect(footprints.bounds).toEqual([0, 0, 32, 14]);
    expect([...footprints.itemBounds.subarray(8, 12)]).toEqual([10, 0, 21, 14]);
    expect(buildFootprints([item('none', null)]).bounds).toBeNull();
    expect(buildFootprints([]).drawnCount).toBe(0);
  });
});

describe('itemBounds', () => {
  it('uses the geometry, else the bbox (2D or 3D), else nothing', () => {
    expect(itemBounds(item('g', polygon(square(1, 2, 3)), [0, 0, 100, 100]))).toEqual([1, 2, 4, 5]);
    expect(itemBounds(item('b', null, [1, 2, 0, 3, 4, 10]))).toEqual([1, 2, 3, 4]);
    expect(itemBounds(item('across', null, [170, -20, -170, -10]))).toEqual([170, -20, 190, -10]);
    expect(itemBounds(item('bad', null, [0, 5, 1, 4]))).toBeNull();
    expect(itemBounds(item('none', null))).toBeNull();
  });
});

describe('isConvexRing', () => {
  const ring = (positions: Position[]) => {
    const flat = new Float64Array(positions.flat());
    return isConvexRing(flat, 0, positions.length);
  };

  it('accepts convex rings in either direction, with repeated or collinear vertices', () => {
    expect(ring(square(0, 0, 1))).toBe(true);
    expect(ring([...square(0, 0, 1)].reverse())).toBe(true);
    expect(
      ring([
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(true);
    expect(
      ring([
        [0, 0],
        [1, 0],
        [1, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ]),
    ).toBe(true);
  });

  it('rejects concave, self-crossing and flat rings', () => {
    expect(ring(L_SHAPE)).toBe(false);
    const star = [0, 2, 4, 1, 3, 0].map((k) => {
      const angle = (k * 2 * Math.PI) / 5;
      return [Math.cos(angle), Math.sin(angle)];
    });
    expect(ring(star)).toBe(false);
    expect(
      ring([
        [0, 0],
        [1, 1],
        [2, 0],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ]),
    ).toBe(false);
    expect(
      ring([
        [0, 0],
        [1, 0],
        [2, 0],
        [0, 0],
      ]),
    ).toBe(false);
  });
});
