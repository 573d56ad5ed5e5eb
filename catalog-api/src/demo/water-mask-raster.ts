/**
 * Draws a water/land/cloud classification raster for a lon/lat tile on a given date: the
 * meandering river channels at their current width, lakes at their current extent, small
 * floodplain ponds that fill in the wet season, and clouds covering a chosen share of pixels.
 *
 * The date-independent geometry (distance of each pixel to each channel) is computed once per
 * tile, since a tile is drawn for every month of the demo period.
 */

import { bboxesIntersect, expandBBox, KM_PER_DEG_LAT, kmPerDegLon } from './geo.js';
import type { Rng } from './prng.js';
import type { River } from './rivers.js';
import type { BBox, Position } from './stac-types.js';

export const MASK_CLASS = { land: 0, water: 1, cloud: 2 } as const;

/** Bound on `River.meanderOffsetKm` (amplitude under 1.2 km, times at most 1.1). */
const MAX_MEANDER_KM = 1.5;

interface ChannelField {
  river: River;
  /** Chainage of the channel nearest the tile centre, where the wetted width is sampled. */
  km: number;
  /** Per pixel: smallest distance to the channel centre over the bankfull half-width. */
  ratio: Float32Array;
  /** Per pixel: smallest distance to the channel centre, km. */
  distanceKm: Float32Array;
}

/** A lake's outline (open ring, lon/lat) on the drawn date. */
export type LakeExtent = readonly Position[];

export interface MaskDrawing {
  pixels: Uint8Array;
  waterPixels: number;
  cloudPixels: number;
}

export class WaterMaskTile {
  readonly channels: ChannelField[] = [];
  private readonly xKm: Float64Array;
  private readonly yKm: Float64Array;
  private readonly pondRatio: Float32Array;
  private readonly pixelKm: number;

  constructor(
    readonly bbox: BBox,
    readonly size: number,
    rivers: readonly River[],
    pondRng: Rng,
  ) {
    const [west, south, east, north] = bbox;
    const centreLat = (south + north) / 2;
    const kx = kmPerDegLon(centreLat);
    const px = (east - west) / size;
    const py = (north - south) / size;
    this.pixelKm = py * KM_PER_DEG_LAT;
    this.xKm = Float64Array.from({ length: size }, (_, c) => (west + (c + 0.5) * px) * kx);
    this.yKm = Float64Array.from(
      { length: size },
      (_, r) => (north - (r + 0.5) * py) * KM_PER_DEG_LAT,
    );
    for (const river of rivers) {
      const channel = this.channelField(river, kx);
      if (channel) this.channels.push(channel);
    }
    this.pondRatio = this.pondField(pondRng);
  }

  private channelField(river: River, kx: number): ChannelField | undefined {
    const n = this.size * this.size;
    const ratio = new Float32Array(n).fill(Number.POSITIVE_INFINITY);
    const distance = new Float32Array(n).fill(Number.POSITIVE_INFINITY);
    const last = river.vertices.length - 2;
    let touched = false;
    let nearestKm = 0;
    let nearestD = Number.POSITIVE_INFINITY;
    const cx = (this.xKm[0]! + this.xKm[this.size - 1]!) / 2;
    const cy = (this.yKm[0]! + this.yKm[this.size - 1]!) / 2;
    for (let i = 0; i <= last; i++) {
      const a = river.vertices[i]!;
      const b = river.vertices[i + 1]!;
      const km0 = river.vertexKm[i]!;
      const segmentKm = river.vertexKm[i + 1]! - km0;
      const reachKm = (2.5 * Math.max(river.widthM(km0), river.widthM(km0 + segmentKm))) / 1000 + 1;
      const segmentBox: BBox = [
        Math.min(a[0], b[0]),
        Math.min(a[1], b[1]),
        Math.max(a[0], b[0]),
        Math.max(a[1], b[1]),
      ];
      if (!bboxesIntersect(expandBBox(segmentBox, reachKm / KM_PER_DEG_LAT + 0.02), this.bbox)) {
        continue;
      }
      touched = true;
      const ax = a[0] * kx;
      const ay = a[1] * KM_PER_DEG_LAT;
      const dx = b[0] * kx - ax;
      const dy = b[1] * KM_PER_DEG_LAT - ay;
      const len2 = dx * dx + dy * dy;
      const len = Math.sqrt(len2);
      // At interior vertices the channel continues with a round cap around the vertex, which
      // fills the outside of bends; there is none past the river's source or mouth.
      const capT = reachKm / len;
      const tMin = i === 0 ? 0 : -capT;
      const tMax = i === last ? 1 : 1 + capT;
      const startCap = this.capCentre(river, km0, dx, dy, len, 0);
      const endCap = this.capCentre(river, km0 + segmentKm, dx, dy, len, 1);
      // Only pixels near the segment can be touched: within reachKm of it, plus the meander
      // offset (under 1.32 km) around the caps. Visiting just those keeps large masks fast.
      const margin = reachKm + MAX_MEANDER_KM;
      const [c0, c1] = this.span(
        this.xKm,
        Math.min(ax, ax + dx) - margin,
        Math.max(ax, ax + dx) + margin,
      );
      const [r0, r1] = this.span(
        this.yKm,
        Math.min(ay, ay + dy) - margin,
        Math.max(ay, ay + dy) + margin,
      );
      for (let r = r0; r <= r1; r++) {
        const py = this.yKm[r]! - ay;
        for (let c = c0; c <= c1; c++) {
          const pxv = this.xKm[c]! - ax;
          const t = (pxv * dx + py * dy) / len2;
          if (t < tMin || t > tMax) continue;
          let km: number;
          let off: number;
          if (t < 0 || t > 1) {
            const cap = t < 0 ? startCap : endCap;
            km = cap.km;
            off = Math.hypot(pxv - cap.x, py - cap.y);
            if (off > reachKm) continue;
          } else {
            const d = (dx * py - dy * pxv) / len;
            // Beyond meander amplitude plus the widest flood channel: never water, skip the maths.
            if (Math.abs(d) > reachKm) continue;
            km = km0 + t * segmentKm;
            off = Math.abs(d - river.meanderOffsetKm(km));
          }
          const k = r * this.size + c;
          if (off < distance[k]!) distance[k] = off;
          const q = off / (river.widthM(km) / 2000);
          if (q < ratio[k]!) ratio[k] = q;
        }
      }
      const tc = Math.min(1, Math.max(0, ((cx - ax) * dx + (cy - ay) * dy) / len2));
      const dc = Math.hypot(cx - ax - tc * dx, cy - ay - tc * dy);
      if (dc < nearestD) {
        nearestD = dc;
        nearestKm = km0 + tc * segmentKm;
      }
    }
    return touched ? { river, km: nearestKm, ratio, distanceKm: distance } : undefined;
  }

  /** First and last index of the evenly spaced (ascending or descending) `axis` within [lo, hi]. */
  private span(axis: Float64Array, lo: number, hi: number): [number, number] {
    const first = axis[0]!;
    const step = axis[1]! - first;
    const a = (lo - first) / step;
    const b = (hi - first) / step;
    const from = Math.max(0, Math.floor(Math.min(a, b)));
    const to = Math.min(this.size - 1, Math.ceil(Math.max(a, b)));
    return [from, to];
  }

  /** Channel centre at a segment end (t = 0 or 1), relative to the segment start, in km. */
  private capCentre(
    river: River,
    km: number,
    dx: number,
    dy: number,
    len: number,
    t: 0 | 1,
  ): { km: number; x: number; y: number } {
    const offset = river.meanderOffsetKm(km);
    return { km, x: t * dx - (dy / len) * offset, y: t * dy + (dx / len) * offset };
  }

  /** Oxbows and floodplain ponds, fixed per tile; they fill as the river basin gets wetter. */
  private pondField(rng: Rng): Float32Array {
    const n = this.size * this.size;
    const field = new Float32Array(n).fill(Number.POSITIVE_INFINITY);
    const count = rng.int(0, 6);
    const span = this.pixelKm * this.size;
    for (let p = 0; p < count; p++) {
      const x0 = this.xKm[0]! + rng.next() * span;
      const y0 = this.yKm[this.size - 1]! + rng.next() * span;
      const radius = rng.uniform(0.08, 0.6) * (span / 20);
      const stretch = rng.uniform(1, 2.5);
      const angle = rng.uniform(0, Math.PI);
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      const extent = radius * stretch * 1.6;
      for (let r = 0; r < this.size; r++) {
        const dy = this.yKm[r]! - y0;
        if (Math.abs(dy) > extent) continue;
        for (let c = 0; c < this.size; c++) {
          const dx = this.xKm[c]! - x0;
          if (Math.abs(dx) > extent) continue;
          const u = (dx * cos + dy * sin) / stretch;
          const v = -dx * sin + dy * cos;
          const q = Math.hypot(u, v) / radius;
          const k = r * this.size + c;
          if (q < field[k]!) field[k] = q;
        }
      }
    }
    return field;
  }

  /**
   * @param widthFactors wetted/bankfull width per channel, in `channels` order
   * @param pondFill 0 (dry) to ~1.5 (flooded)
   * @param cloudShare target share of pixels under cloud, 0–1
   */
  draw(
    widthFactors: readonly number[],
    pondFill: number,
    lakes: readonly LakeExtent[],
    cloudShare: number,
    cloudRng: Rng,
  ): MaskDrawing {
    const n = this.size * this.size;
    const pixels = new Uint8Array(n);
    // Narrow channels stay visible at this coarse resolution, as on any overview map.
    const minHalfKm = 0.6 * this.pixelKm;
    this.channels.forEach((channel, i) => {
      const factor = widthFactors[i] ?? 1;
      for (let k = 0; k < n; k++) {
        if (channel.ratio[k]! <= factor || channel.distanceKm[k]! <= minHalfKm) {
          pixels[k] = MASK_CLASS.water;
        }
      }
    });
    for (let k = 0; k < n; k++) if (this.pondRatio[k]! <= pondFill) pixels[k] = MASK_CLASS.water;
    this.drawLakes(pixels, lakes);
    this.drawClouds(pixels, cloudShare, cloudRng);
    let waterPixels = 0;
    let cloudPixels = 0;
    for (let k = 0; k < n; k++) {
      if (pixels[k] === MASK_CLASS.water) waterPixels++;
      else if (pixels[k] === MASK_CLASS.cloud) cloudPixels++;
    }
    return { pixels, waterPixels, cloudPixels };
  }

  /** Scanline fill of each lake ring (even–odd rule at pixel centres). */
  private drawLakes(pixels: Uint8Array, lakes: readonly LakeExtent[]): void {
    const [west, south, east, north] = this.bbox;
    const size = this.size;
    const px = (east - west) / size;
    const py = (north - south) / size;
    for (const ring of lakes) {
      for (let r = 0; r < size; r++) {
        const lat = north - (r + 0.5) * py;
        const crossings: number[] = [];
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i]!;
          const [xj, yj] = ring[j]!;
          if (yi > lat !== yj > lat) crossings.push(xi + ((lat - yi) * (xj - xi)) / (yj - yi));
        }
        crossings.sort((a, b) => a - b);
        for (let k = 0; k + 1 < crossings.length; k += 2) {
          const first = Math.max(0, Math.ceil((crossings[k]! - west) / px - 0.5));
          const last = Math.min(size - 1, Math.ceil((crossings[k + 1]! - west) / px - 0.5) - 1);
          for (let c = first; c <= last; c++) pixels[r * size + c] = MASK_CLASS.water;
        }
      }
    }
  }

  /**
   * Clouds: a smooth random field (sum of plane waves, 5–25 km wavelengths), thresholded so the
   * requested share of pixels is covered. The field is evaluated on a grid every 4 pixels and
   * interpolated bilinearly: clouds are far smoother than that grid.
   */
  private drawClouds(pixels: Uint8Array, share: number, rng: Rng): void {
    const size = this.size;
    const wanted = Math.round(share * size * size);
    if (wanted === 0) return;
    const step = 4;
    const nodes = Math.ceil(size / step) + 1;
    const x0 = this.xKm[0]!;
    const y0 = this.yKm[0]!;
    const dx = this.xKm[1]! - x0;
    const dy = this.yKm[1]! - y0;
    const coarse = new Float64Array(nodes * nodes);
    for (let w = 0; w < 6; w++) {
      const wavelength = rng.uniform(5, 25);
      const angle = rng.uniform(0, 2 * Math.PI);
      const kx = ((2 * Math.PI) / wavelength) * Math.cos(angle);
      const ky = ((2 * Math.PI) / wavelength) * Math.sin(angle);
      const phase = rng.uniform(0, 2 * Math.PI);
      const amplitude = rng.uniform(0.5, 1);
      for (let gy = 0; gy < nodes; gy++) {
        const y = y0 + gy * step * dy;
        for (let gx = 0; gx < nodes; gx++) {
          const x = x0 + gx * step * dx;
          coarse[gy * nodes + gx]! += amplitude * Math.cos(kx * x + ky * y + phase);
        }
      }
    }
    const field = new Float64Array(size * size);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < size; r++) {
      const gy = Math.floor(r / step);
      const fy = r / step - gy;
      for (let c = 0; c < size; c++) {
        const gx = Math.floor(c / step);
        const fx = c / step - gx;
        const at = gy * nodes + gx;
        const v =
          (1 - fy) * ((1 - fx) * coarse[at]! + fx * coarse[at + 1]!) +
          fy * ((1 - fx) * coarse[at + nodes]! + fx * coarse[at + nodes + 1]!);
        field[r * size + c] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const bins = new Uint32Array(1024);
    const scale = (bins.length - 1) / (max - min || 1);
    for (let k = 0; k < field.length; k++) bins[Math.floor((field[k]! - min) * scale)]!++;
    let covered = 0;
    let threshold = bins.length;
    while (threshold > 0 && covered + bins[threshold - 1]! <= wanted) {
      threshold--;
      covered += bins[threshold]!;
    }
    for (let k = 0; k < field.length; k++) {
      if (Math.floor((field[k]! - min) * scale) >= threshold) pixels[k] = MASK_CLASS.cloud;
    }
  }
}
