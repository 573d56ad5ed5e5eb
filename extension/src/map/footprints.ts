/**
 * Search results as deck.gl binary data: flat typed arrays in the layout of loaders.gl's
 * `BinaryFeatureCollection`, which `GeoJsonLayer` draws without creating an object per feature
 * or tessellating on the main thread again. Polygons come pre-triangulated (convex rings by a
 * fan, others by earcut) so holes are drawn as holes.
 *
 * Every vertex carries the index of its item in the input array (`globalFeatureIds`), which is
 * also the picking index: a picked footprint maps straight back to `items[index]`, whatever
 * items without a geometry were skipped. Items are written last to first, so where footprints
 * overlap the first result in the list is drawn on top, as the panel lists it first.
 *
 * Coordinates are WGS84 longitude/latitude, not split at the antimeridian: a ring that crosses
 * it continues past ±180 (drawn in one piece on the side where it starts).
 */

import { earcut } from '@math.gl/polygon';
import type { Feature, Geometry, Position } from 'geojson';
import type { Bbox, StacItem } from '../catalog/types.js';

/** One column of a binary feature collection (loaders.gl `BinaryAttribute`). */
export interface BinaryColumn<T extends Float64Array | Uint32Array> {
  value: T;
  size: number;
}

/** What every part (points, lines, polygons) of the collection holds per vertex. */
export interface FootprintPart {
  positions: BinaryColumn<Float64Array>;
  /** The item index of each vertex. Item properties stay on the items, so `properties` is empty. */
  featureIds: BinaryColumn<Uint32Array>;
  /** The item index of each vertex, used by `GeoJsonLayer` as the picking index. */
  globalFeatureIds: BinaryColumn<Uint32Array>;
  numericProps: Record<string, never>;
  properties: Record<string, never>[];
}

export interface FootprintPoints extends FootprintPart {
  type: 'Point';
}

export interface FootprintLines extends FootprintPart {
  type: 'LineString';
  /** Start vertex of each path, and the vertex count at the end. */
  pathIndices: BinaryColumn<Uint32Array>;
}

export interface FootprintPolygons extends FootprintPart {
  type: 'Polygon';
  /** Start vertex of each polygon (outer ring and its holes), and the vertex count at the end. */
  polygonIndices: BinaryColumn<Uint32Array>;
  /** Start vertex of each ring, and the vertex count at the end. Rings are closed. */
  primitivePolygonIndices: BinaryColumn<Uint32Array>;
  /** Vertex indices, three per triangle, covering every polygon minus its holes. */
  triangles: BinaryColumn<Uint32Array>;
}

/** `GeoJsonLayer`'s binary input (a loaders.gl `BinaryFeatureCollection`). */
export interface FootprintBinary {
  shape: 'binary-feature-collection';
  points: FootprintPoints;
  lines: FootprintLines;
  polygons: FootprintPolygons;
}

export interface Footprints {
  binary: FootprintBinary;
  /** Length of the input: the range of the picking index. */
  itemCount: number;
  /** Items with something to draw. */
  drawnCount: number;
  /** The bounds of everything drawn, or null when nothing is. */
  bounds: Bbox | null;
  /**
   * For every item, a point inside its footprint (`[lon, lat]` at `2 * index`): the centre of its
   * largest triangle, else a line's middle vertex, else its first point. NaN when not drawn.
   */
  anchors: Float64Array;
  /** Each item's drawn bounds, `[west, south, east, north]` at `4 * index`; NaN when not drawn. */
  itemBounds: Float64Array;
  /** Items drawn, first to last (what a layer of one marker per footprint draws). */
  drawnItems: Uint32Array;
}

/**
 * Builds the binary footprints of `items` in one pass over the coordinates. Null geometries and
 * malformed parts (non-finite coordinates, rings of fewer than three positions, lines of fewer
 * than two) are skipped; a malformed hole is dropped and its polygon kept.
 */
export function buildFootprints(items: readonly StacItem[]): Footprints {
  const builder = new FootprintBuilder(items.length);
  // Last to first: later vertices are drawn over earlier ones.
  for (let index = items.length - 1; index >= 0; index--) {
    const geometry = items[index]?.geometry;
    if (geometry) builder.addItem(index, geometry);
  }
  return builder.finish();
}

/**
 * The naive form of the same footprints: the items themselves as GeoJSON features, which
 * `GeoJsonLayer` accepts as they are (it skips null geometries and keeps the array index as the
 * picking index). Kept for comparison in the benchmark and the tests.
 */
export function footprintFeatures(items: readonly StacItem[]): Feature[] {
  return items as StacItem[] as Feature[];
}

/**
 * The bounds of one item's footprint as drawn (across the antimeridian, east goes past 180),
 * falling back to its `bbox`; null when it has neither.
 */
export function itemBounds(item: StacItem): Bbox | null {
  return (item.geometry && buildFootprints([item]).bounds) || bboxOf(item.bbox);
}

/**
 * A valid 2D `[west, south, east, north]` from a STAC `bbox` (2D or 3D), else null. A bbox
 * across the antimeridian (west > east, STAC Item §bbox) comes back with east past 180.
 */
export function bboxOf(bbox: readonly number[] | undefined): Bbox | null {
  if (!bbox || (bbox.length !== 4 && bbox.length !== 6)) return null;
  const half = bbox.length / 2;
  const box: Bbox = [bbox[0]!, bbox[1]!, bbox[half]!, bbox[half + 1]!];
  if (!box.every(Number.isFinite) || box[1] > box[3]) return null;
  if (box[0] > box[2]) box[2] += 360;
  return box;
}

// Building ------------------------------------------------------------------------------------

/** Which geometry an item's anchor comes from; a polygon beats a line beats a point. */
enum AnchorKind {
  None = 0,
  Point = 1,
  Line = 2,
  Polygon = 3,
}

/** Most footprints have a few to a few dozen vertices: a first guess, grown as needed. */
const VERTICES_PER_ITEM_GUESS = 16;

class FootprintBuilder {
  constructor(itemCount: number) {
    this.itemCount = itemCount;
    this.polygons = new PartArrays(itemCount * VERTICES_PER_ITEM_GUESS);
    this.lines = new PartArrays(0);
    this.points = new PartArrays(0);
    this.triangles = new Uint32Array(3 * itemCount * VERTICES_PER_ITEM_GUESS);
    this.anchors = new Float64Array(2 * itemCount).fill(Number.NaN);
    this.itemBounds = new Float64Array(4 * itemCount).fill(Number.NaN);
  }

  addItem(index: number, geometry: Geometry): void {
    this.item = index;
    this.itemBox.reset();
    this.bestArea = -1;
    this.anchorKind = AnchorKind.None;
    this.addGeometry(geometry);
    const box = this.itemBox;
    if (box.isEmpty) return;
    const at = 4 * index;
    this.itemBounds[at] = box.west;
    this.itemBounds[at + 1] = box.south;
    this.itemBounds[at + 2] = box.east;
    this.itemBounds[at + 3] = box.north;
    this.allBox.add(box.west, box.south);
    this.allBox.add(box.east, box.north);
    this.drawnCount += 1;
  }

  finish(): Footprints {
    const polygons = this.polygons;
    const drawnItems = new Uint32Array(this.drawnCount);
    let d = 0;
    for (let index = 0; index < this.itemCount; index++) {
      if (!Number.isNaN(this.itemBounds[4 * index]!)) drawnItems[d++] = index;
    }
    return {
      binary: {
        shape: 'binary-feature-collection',
        points: { type: 'Point', ...this.points.columns() },
        lines: {
          type: 'LineString',
          ...this.lines.columns(),
          pathIndices: { value: this.lines.starts.close(this.lines.length), size: 1 },
        },
        polygons: {
          type: 'Polygon',
          ...polygons.columns(),
          polygonIndices: { value: this.polygonStarts.close(polygons.length), size: 1 },
          primitivePolygonIndices: { value: polygons.starts.close(polygons.length), size: 1 },
          triangles: { value: trimmed(this.triangles, this.triangleCount), size: 1 },
        },
      },
      itemCount: this.itemCount,
      drawnCount: this.drawnCount,
      bounds: this.allBox.isEmpty ? null : this.allBox.bbox(),
      anchors: this.anchors,
      itemBounds: this.itemBounds,
      drawnItems,
    };
  }

  private addGeometry(geometry: Geometry): void {
    switch (geometry.type) {
      case 'Polygon':
        this.addPolygon(geometry.coordinates);
        break;
      case 'MultiPolygon':
        if (!Array.isArray(geometry.coordinates)) break;
        for (const polygon of geometry.coordinates) this.addPolygon(polygon);
        break;
      case 'LineString':
        this.addLine(geometry.coordinates);
        break;
      case 'MultiLineString':
        if (!Array.isArray(geometry.coordinates)) break;
        for (const line of geometry.coordinates) this.addLine(line);
        break;
      case 'Point':
        this.addPoint(geometry.coordinates);
        break;
      case 'MultiPoint':
        if (!Array.isArray(geometry.coordinates)) break;
        for (const point of geometry.coordinates) this.addPoint(point);
        break;
      case 'GeometryCollection':
        if (!Array.isArray(geometry.geometries)) break;
        for (const member of geometry.geometries) if (member) this.addGeometry(member);
        break;
    }
  }

  private addPolygon(rings: Position[][] | undefined): void {
    if (!Array.isArray(rings)) return;
    const part = this.polygons;
    const start = part.length;
    const firstRing = part.starts.length;
    for (const ring of rings) {
      const written = this.writeRing(ring);
      // Without its outer ring a polygon is nothing; a broken hole is just left out.
      if (!written && part.length === start) return;
    }
    const ringCount = part.starts.length - firstRing;
    this.polygonStarts.push(start);
    const firstTriangle = this.triangleCount;
    if (ringCount === 1 && isConvexRing(part.positions, start, part.length)) {
      // A fan from the first vertex; the closing vertex repeats it and is left out.
      this.reserveTriangles(part.length - start - 3);
      for (let v = start + 1; v < part.length - 2; v++) this.triangle(start, v, v + 1);
    } else {
      const holes: number[] = [];
      for (let r = firstRing + 1; r < part.starts.length; r++)
        holes.push(part.starts.at(r) - start);
      const indices = earcut(part.positions.subarray(2 * start, 2 * part.length), holes, 2);
      this.reserveTriangles(indices.length / 3);
      for (let i = 0; i + 2 < indices.length; i += 3) {
        this.triangle(start + indices[i]!, start + indices[i + 1]!, start + indices[i + 2]!);
      }
    }
    this.anchorOnLargestTriangle(firstTriangle, start);
  }

  /** Writes a closed ring; nothing (and false) when it is malformed. */
  private writeRing(ring: Position[] | undefined): boolean {
    if (!Array.isArray(ring) || ring.length < 3) return false;
    const part = this.polygons;
    const begin = part.length;
    if (!this.writePositions(part, ring)) return false;
    const p = part.positions;
    const last = part.length - 1;
    if (p[2 * begin] !== p[2 * last] || p[2 * begin + 1] !== p[2 * last + 1]) {
      part.reserve(1);
      part.write(p[2 * begin]!, p[2 * begin + 1]!, this.item);
    }
    part.starts.push(begin);
    return true;
  }

  private addLine(positions: Position[] | undefined): void {
    if (!Array.isArray(positions) || positions.length < 2) return;
    const part = this.lines;
    const begin = part.length;
    if (!this.writePositions(part, positions)) return;
    part.starts.push(begin);
    if (this.anchorKind < AnchorKind.Line) {
      const middle = begin + ((part.length - begin) >> 1);
      this.setAnchor(part.positions[2 * middle]!, part.positions[2 * middle + 1]!, AnchorKind.Line);
    }
  }

  private addPoint(position: Position | undefined): void {
    const part = this.points;
    const begin = part.length;
    if (!Array.isArray(position) || !this.writePositions(part, [position])) return;
    if (this.anchorKind < AnchorKind.Point) {
      this.setAnchor(part.positions[2 * begin]!, part.positions[2 * begin + 1]!, AnchorKind.Point);
    }
  }

  /**
   * Appends positions to a part and grows the item's bounds; writes nothing (and returns false)
   * if any coordinate is not a finite number.
   */
  private writePositions(part: PartArrays, positions: Position[]): boolean {
    part.reserve(positions.length);
    const begin = part.length;
    const xy = part.positions;
    const ids = part.ids;
    const item = this.item;
    let west = Number.POSITIVE_INFINITY;
    let south = Number.POSITIVE_INFINITY;
    let east = Number.NEGATIVE_INFINITY;
    let north = Number.NEGATIVE_INFINITY;
    let v = begin;
    // Across the antimeridian, longitudes continue past ±180 instead of jumping to the other
    // side, so the footprint is not drawn as a band across the whole map.
    let shift = 0;
    let previous = Number.NaN;
    for (let i = 0; i < positions.length; i++, v++) {
      const position = positions[i];
      const raw = position?.[0];
      const y = position?.[1];
      if (typeof raw !== 'number' || typeof y !== 'number' || !Number.isFinite(raw + y)) {
        return false;
      }
      if (raw - previous > 180) shift -= 360;
      else if (previous - raw > 180) shift += 360;
      previous = raw;
      const x = raw + shift;
      xy[2 * v] = x;
      xy[2 * v + 1] = y;
      ids[v] = item;
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
    }
    part.length = v;
    this.itemBox.add(west, south);
    this.itemBox.add(east, north);
    return true;
  }

  private reserveTriangles(count: number): void {
    const needed = this.triangleCount + 3 * Math.max(0, count);
    if (needed > this.triangles.length) {
      const grown = new Uint32Array(Math.max(needed, 2 * this.triangles.length));
      grown.set(this.triangles.subarray(0, this.triangleCount));
      this.triangles = grown;
    }
  }

  private triangle(a: number, b: number, c: number): void {
    const t = this.triangleCount;
    this.triangles[t] = a;
    this.triangles[t + 1] = b;
    this.triangles[t + 2] = c;
    this.triangleCount = t + 3;
  }

  /** The centre of the largest triangle is well inside the footprint, even a concave one. */
  private anchorOnLargestTriangle(from: number, polygonStart: number): void {
    const p = this.polygons.positions;
    const t = this.triangles;
    for (let i = from; i < this.triangleCount; i += 3) {
      const a = 2 * t[i]!;
      const b = 2 * t[i + 1]!;
      const c = 2 * t[i + 2]!;
      const area = Math.abs(
        (p[b]! - p[a]!) * (p[c + 1]! - p[a + 1]!) - (p[c]! - p[a]!) * (p[b + 1]! - p[a + 1]!),
      );
      if (area > this.bestArea) {
        this.bestArea = area;
        this.setAnchor(
          (p[a]! + p[b]! + p[c]!) / 3,
          (p[a + 1]! + p[b + 1]! + p[c + 1]!) / 3,
          AnchorKind.Polygon,
        );
      }
    }
    // A polygon without triangles (no area) still marks where the item is.
    if (this.anchorKind < AnchorKind.Line) {
      this.setAnchor(p[2 * polygonStart]!, p[2 * polygonStart + 1]!, AnchorKind.Line);
    }
  }

  private setAnchor(lon: number, lat: number, kind: AnchorKind): void {
    this.anchors[2 * this.item] = lon;
    this.anchors[2 * this.item + 1] = lat;
    this.anchorKind = kind;
  }

  private readonly itemCount: number;
  private readonly polygons: PartArrays;
  private readonly polygonStarts = new IndexList();
  private readonly lines: PartArrays;
  private readonly points: PartArrays;
  private triangles: Uint32Array;
  private triangleCount = 0;
  private readonly anchors: Float64Array;
  private readonly itemBounds: Float64Array;
  private drawnCount = 0;
  private item = 0;
  private readonly itemBox = new Box();
  private readonly allBox = new Box();
  private bestArea = -1;
  private anchorKind = AnchorKind.None;
}

/** A growable list of vertex indices, closed with the final vertex count. */
class IndexList {
  get length(): number {
    return this.count;
  }

  at(index: number): number {
    return this.values[index]!;
  }

  push(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Uint32Array(2 * this.values.length);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = value;
  }

  /** The starts followed by `end`, trimmed to size. */
  close(end: number): Uint32Array {
    const result = new Uint32Array(this.count + 1);
    result.set(this.values.subarray(0, this.count));
    result[this.count] = end;
    return result;
  }

  private values = new Uint32Array(64);
  private count = 0;
}

/** Positions and item ids of one part (points, lines or polygons), grown as needed. */
class PartArrays {
  constructor(capacity: number) {
    this.positions = new Float64Array(2 * capacity);
    this.ids = new Uint32Array(capacity);
  }

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.ids.length) return;
    const capacity = Math.max(needed, 2 * this.ids.length, 64);
    const positions = new Float64Array(2 * capacity);
    positions.set(this.positions.subarray(0, 2 * this.length));
    const ids = new Uint32Array(capacity);
    ids.set(this.ids.subarray(0, this.length));
    this.positions = positions;
    this.ids = ids;
  }

  /** Call `reserve` first. */
  write(x: number, y: number, id: number): void {
    const v = this.length++;
    this.positions[2 * v] = x;
    this.positions[2 * v + 1] = y;
    this.ids[v] = id;
  }

  columns(): Omit<FootprintPart, 'type'> {
    const positions = trimmed(this.positions, 2 * this.length);
    const ids = trimmed(this.ids, this.length);
    return {
      positions: { value: positions, size: 2 },
      featureIds: { value: ids, size: 1 },
      globalFeatureIds: { value: ids, size: 1 },
      numericProps: {},
      properties: [],
    };
  }

  positions: Float64Array;
  ids: Uint32Array;
  length = 0;
  /** Start vertex of each ring or path. */
  readonly starts = new IndexList();
}

/**
 * The first `length` values: a view when most of the array is used (copying large arrays costs
 * more than the unused tail), a copy otherwise.
 */
function trimmed<T extends Float64Array | Uint32Array>(array: T, length: number): T {
  return (length >= array.length / 2 ? array.subarray(0, length) : array.slice(0, length)) as T;
}

class Box {
  west = Number.POSITIVE_INFINITY;
  south = Number.POSITIVE_INFINITY;
  east = Number.NEGATIVE_INFINITY;
  north = Number.NEGATIVE_INFINITY;

  get isEmpty(): boolean {
    return this.west > this.east;
  }

  reset(): void {
    this.west = this.south = Number.POSITIVE_INFINITY;
    this.east = this.north = Number.NEGATIVE_INFINITY;
  }

  add(x: number, y: number): void {
    if (x < this.west) this.west = x;
    if (x > this.east) this.east = x;
    if (y < this.south) this.south = y;
    if (y > this.north) this.north = y;
  }

  bbox(): Bbox {
    return [this.west, this.south, this.east, this.north];
  }
}

/**
 * Whether the closed ring in `positions[start, end)` (vertices; its last repeats its first) is
 * convex and simple, so a fan triangulates it: every turn goes the same way, and x and y each
 * change direction at most twice, which rules out rings that wind more than once (a pentagram).
 */
export function isConvexRing(positions: Float64Array, start: number, end: number): boolean {
  const n = end - start - 1;
  if (n < 3) return false;
  const p = positions;
  const first = 2 * start;
  // The last non-zero edge and direction on each axis, so the first edge has something to
  // compare with (the ring is a cycle).
  let edgeX = 0;
  let edgeY = 0;
  let lastDx = 0;
  let lastDy = 0;
  for (let i = n - 1; i >= 0 && (lastDx === 0 || lastDy === 0); i--) {
    const x = p[first + 2 * i + 2]! - p[first + 2 * i]!;
    const y = p[first + 2 * i + 3]! - p[first + 2 * i + 1]!;
    if (edgeX === 0 && edgeY === 0) {
      edgeX = x;
      edgeY = y;
    }
    if (lastDx === 0) lastDx = x;
    if (lastDy === 0) lastDy = y;
  }
  if (lastDx === 0 || lastDy === 0) return false; // no area
  let turn = 0;
  let xFlips = 0;
  let yFlips = 0;
  for (let i = 0; i < n; i++) {
    const x = p[first + 2 * i + 2]! - p[first + 2 * i]!;
    const y = p[first + 2 * i + 3]! - p[first + 2 * i + 1]!;
    if (x === 0 && y === 0) continue; // a repeated vertex
    const cross = edgeX * y - edgeY * x;
    if (cross !== 0) {
      const sign = cross > 0 ? 1 : -1;
      if (turn === 0) turn = sign;
      else if (sign !== turn) return false;
    }
    if (x !== 0) {
      if (x > 0 !== lastDx > 0) xFlips++;
      lastDx = x;
    }
    if (y !== 0) {
      if (y > 0 !== lastDy > 0) yFlips++;
      lastDy = y;
    }
    edgeX = x;
    edgeY = y;
  }
  return turn !== 0 && xFlips <= 2 && yFlips <= 2;
}
