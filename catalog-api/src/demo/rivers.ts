/**
 * Rivers as chainage-addressed courses. Chainage (`km`) runs from the first vertex downstream.
 * The coarse centreline is given natural meanders so that reaches, stations and raster masks
 * all follow one consistent, plausible channel.
 */

import type { BasinSpec, RiverSpec } from './basins.js';
import { distanceKm, KM_PER_DEG_LAT, kmPerDegLon } from './geo.js';
import type { Position } from './stac-types.js';

export interface Town {
  name: string;
  km: number;
}

export class River {
  readonly id: string;
  readonly name: string;
  readonly vertices: readonly Position[];
  /** Chainage of each vertex, km from the first vertex. */
  readonly vertexKm: readonly number[];
  readonly lengthKm: number;
  readonly towns: readonly Town[];
  private readonly elevationAnchors: readonly { km: number; elevationM: number }[];

  constructor(
    readonly spec: RiverSpec,
    readonly basin: BasinSpec,
  ) {
    this.id = spec.id;
    this.name = spec.name;
    this.vertices = spec.centreline.map(([lon, lat]) => [lon, lat] as Position);
    const km = [0];
    for (let i = 1; i < this.vertices.length; i++) {
      km.push(km[i - 1]! + distanceKm(this.vertices[i - 1]!, this.vertices[i]!));
    }
    this.vertexKm = km;
    this.lengthKm = km[km.length - 1]!;
    this.towns = spec.centreline.flatMap(([, , town], i) =>
      town ? [{ name: town, km: km[i]! }] : [],
    );
    this.elevationAnchors = spec.centreline.flatMap(([, , , elevationM], i) =>
      elevationM === undefined ? [] : [{ km: km[i]!, elevationM }],
    );
  }

  distanceToMouthKm(km: number): number {
    return this.lengthKm - km;
  }

  /** Index of the centreline segment containing a chainage. */
  segmentIndex(km: number): number {
    let lo = 0;
    let hi = this.vertexKm.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.vertexKm[mid]! <= km) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Mean water-surface elevation, interpolated between the hand-coded town elevations. */
  elevationM(km: number): number {
    const anchors = this.elevationAnchors;
    let i = 0;
    let hi = anchors.length - 2;
    while (i < hi) {
      const mid = (i + hi + 1) >> 1;
      if (anchors[mid]!.km < km) i = mid;
      else hi = mid - 1;
    }
    const a = anchors[i]!;
    const b = anchors[i + 1]!;
    const f = Math.min(1, Math.max(0, (km - a.km) / (b.km - a.km)));
    return a.elevationM + f * (b.elevationM - a.elevationM);
  }

  /**
   * Bankfull width. Downstream hydraulic geometry has width grow as discharge^0.5, and with
   * Hack's law discharge grows as chainage^1.7, hence the exponent 0.85.
   */
  widthM(km: number): number {
    const [up, down] = this.spec.widthM;
    return up + (down - up) * (km / this.lengthKm) ** 0.85;
  }

  /** Drainage area after Hack's law (channel length grows as area^0.6). */
  drainageAreaKm2(km: number): number {
    const share = this.spec.upstreamAreaShare;
    return this.spec.drainageAreaKm2 * (share + (1 - share) * (km / this.lengthKm) ** (1 / 0.6));
  }

  meanDischargeM3s(km: number): number {
    const relativeArea = Math.max(1e-4, this.drainageAreaKm2(km) / this.spec.drainageAreaKm2);
    return this.spec.meanDischargeM3s * relativeArea ** this.spec.dischargeAreaExponent;
  }

  /**
   * Lateral offset of the channel from the coarse centreline, in km (positive to the left).
   * Meander wavelength is about eleven channel widths, a classic hydraulic-geometry ratio. The
   * offset never exceeds 1.2 widths, which the water-mask rasteriser relies on.
   */
  meanderOffsetKm(km: number): number {
    const widthKm = this.widthM(km) / 1000;
    const wavelength = Math.max(0.8, 11 * widthKm);
    // Large rivers are less sinuous relative to their width than small ones.
    const amplitude = Math.max(0.08, (1.2 * widthKm) / (1 + widthKm));
    const phase = (2 * Math.PI * km) / wavelength;
    const taper = Math.min(1, km / 2, (this.lengthKm - km) / 2);
    return amplitude * taper * (0.8 * Math.sin(phase) + 0.3 * Math.sin(2.3 * phase + 1.1));
  }

  /** Point on the meandering channel. */
  positionAt(km: number): Position {
    const clamped = Math.min(this.lengthKm, Math.max(0, km));
    const i = this.segmentIndex(clamped);
    const a = this.vertices[i]!;
    const b = this.vertices[i + 1]!;
    const segmentKm = this.vertexKm[i + 1]! - this.vertexKm[i]!;
    const f = segmentKm > 0 ? (clamped - this.vertexKm[i]!) / segmentKm : 0;
    const lat = a[1] + f * (b[1] - a[1]);
    const kx = kmPerDegLon(lat);
    const ex = (b[0] - a[0]) * kx;
    const ey = (b[1] - a[1]) * KM_PER_DEG_LAT;
    const norm = Math.hypot(ex, ey) || 1;
    const offset = this.meanderOffsetKm(clamped);
    return [
      a[0] + f * (b[0] - a[0]) + (-ey / norm) * (offset / kx),
      lat + (ex / norm) * (offset / KM_PER_DEG_LAT),
    ];
  }

  nearestTown(km: number, withinKm: number): Town | undefined {
    let best: Town | undefined;
    for (const town of this.towns) {
      const d = Math.abs(town.km - km);
      if (d <= withinKm && (!best || d < Math.abs(best.km - km))) best = town;
    }
    return best;
  }

  townKm(name: string): number {
    const town = this.towns.find((t) => t.name === name);
    if (!town) throw new RangeError(`${this.name} has no town ${name}`);
    return town.km;
  }
}

/** Human-readable location on a river, e.g. "Garonne at Marmande" or "Niger, km 1234". */
export function describeLocation(river: River, km: number): string {
  const town = river.nearestTown(km, 8);
  if (town) return `${river.name} at ${town.name}`;
  const near = river.nearestTown(km, 60);
  const mouthKm = Math.round(river.distanceToMouthKm(km));
  return near
    ? `${river.name} near ${near.name} (km ${mouthKm} from mouth)`
    : `${river.name}, km ${mouthKm} from mouth`;
}
