/**
 * Exact-repeat ground tracks for a circular orbit, good to a few kilometres: enough to give each
 * place its real pattern of passes (which pass numbers see it, on which side, how often, at
 * what time of day). Only the phase (where revolution 0 crosses the equator) is invented.
 *
 * A revolution starts at the southernmost point (argument of latitude u = -90°); the ascending
 * half is pass 2r+1, the descending half pass 2r+2, as in the altimetry convention.
 */

import { kmPerDegLon } from './geo.js';
import { DAY_MS, utc } from './time.js';

const RAD = Math.PI / 180;

export interface RepeatOrbitSpec {
  name: string;
  inclinationDeg: number;
  /** Revolutions in one repeat cycle. */
  revolutionsPerCycle: number;
  /** Earth rotations relative to the orbit plane per cycle (coprime with the revolutions). */
  nodalDaysPerCycle: number;
  /** Length of the cycle in solar days. */
  cycleDays: number;
  /** Start of cycle `firstCycle`. */
  epochMs: number;
  firstCycle: number;
  /** Longitude of the first ascending node, degrees. */
  firstNodeLonDeg: number;
}

export interface Overpass {
  pass: number;
  /** Revolution number within the cycle, from 1 (the `sat:relative_orbit`). */
  relativeOrbit: number;
  ascending: boolean;
  /** Distance from the ground track, km, positive to the right of the direction of flight. */
  crossTrackKm: number;
  secondsIntoCycle: number;
}

function modulo(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function wrap180(deg: number): number {
  return modulo(deg + 180, 360) - 180;
}

function modularInverse(a: number, n: number): number {
  for (let x = 1; x < n; x++) if ((a * x) % n === 1) return x;
  throw new RangeError(`${a} has no inverse modulo ${n}`);
}

export class RepeatOrbit {
  readonly name: string;
  readonly passesPerCycle: number;
  readonly cycleMs: number;
  private readonly n: number;
  private readonly nodalDays: number;
  private readonly inverseNodalDays: number;
  private readonly sinI: number;
  private readonly cosI: number;
  private readonly nodalPeriodS: number;
  private readonly trackSpacingDeg: number;

  constructor(readonly spec: RepeatOrbitSpec) {
    this.name = spec.name;
    this.n = spec.revolutionsPerCycle;
    this.nodalDays = spec.nodalDaysPerCycle;
    this.inverseNodalDays = modularInverse(this.nodalDays % this.n, this.n);
    this.passesPerCycle = 2 * this.n;
    this.cycleMs = spec.cycleDays * DAY_MS;
    this.sinI = Math.sin(spec.inclinationDeg * RAD);
    this.cosI = Math.cos(spec.inclinationDeg * RAD);
    this.nodalPeriodS = (spec.cycleDays * 86_400) / this.n;
    this.trackSpacingDeg = 360 / this.n;
  }

  /** Argument of latitude (degrees) where a pass reaches a latitude; undefined if it never does. */
  private argumentOfLatitude(latDeg: number, ascending: boolean): number | undefined {
    const s = Math.sin(latDeg * RAD) / this.sinI;
    if (Math.abs(s) > 1) return undefined;
    const u = Math.asin(s) / RAD;
    return ascending ? u : 180 - u;
  }

  /** Longitude east of the ascending node at argument of latitude u, Earth rotation included. */
  private groundOffsetDeg(u: number): number {
    const inertial = Math.atan2(this.cosI * Math.sin(u * RAD), Math.cos(u * RAD)) / RAD;
    return inertial - (this.nodalDays / this.n) * u;
  }

  /** Northward component of the unit ground-track direction at u (latitude given). */
  private northComponent(u: number, latDeg: number): number {
    const h = 0.01;
    const dNorth =
      (Math.asin(this.sinI * Math.sin((u + h) * RAD)) -
        Math.asin(this.sinI * Math.sin((u - h) * RAD))) /
      RAD;
    const dEast =
      wrap180(this.groundOffsetDeg(u + h) - this.groundOffsetDeg(u - h)) * Math.cos(latDeg * RAD);
    return dNorth / Math.hypot(dNorth, dEast);
  }

  private nodeLonDeg(k: number): number {
    return this.spec.firstNodeLonDeg - k * this.trackSpacingDeg;
  }

  private overpassFor(k: number, u: number, lon: number, lat: number, north: number): Overpass {
    const ascending = u <= 90;
    const revolution = modulo(k * this.inverseNodalDays, this.n);
    const trackLon = this.nodeLonDeg(k) + this.groundOffsetDeg(u);
    const eastKm = wrap180(lon - trackLon) * kmPerDegLon(lat);
    return {
      pass: 2 * revolution + (ascending ? 1 : 2),
      relativeOrbit: revolution + 1,
      ascending,
      crossTrackKm: eastKm * north,
      secondsIntoCycle: (revolution + (u + 90) / 360) * this.nodalPeriodS,
    };
  }

  /**
   * Continuous track coordinate of a place for ascending or descending passes: integer values
   * are ground tracks. Used to find where tracks cross a river.
   */
  trackCoordinate(lon: number, lat: number, ascending: boolean): number | undefined {
    const u = this.argumentOfLatitude(lat, ascending);
    if (u === undefined) return undefined;
    const nodeLon = lon - this.groundOffsetDeg(u);
    return modulo((this.spec.firstNodeLonDeg - nodeLon) / this.trackSpacingDeg, this.n);
  }

  /** Pass flying along the track with the given integer coordinate. */
  overpassOnTrack(k: number, lon: number, lat: number, ascending: boolean): Overpass | undefined {
    const u = this.argumentOfLatitude(lat, ascending);
    if (u === undefined) return undefined;
    return this.overpassFor(modulo(k, this.n), u, lon, lat, this.northComponent(u, lat));
  }

  /** Every pass whose ground track comes within `maxCrossTrackKm` of the place. */
  overpasses(lon: number, lat: number, maxCrossTrackKm: number): Overpass[] {
    const found: Overpass[] = [];
    for (const ascending of [true, false]) {
      const u = this.argumentOfLatitude(lat, ascending);
      const k = this.trackCoordinate(lon, lat, ascending);
      if (u === undefined || k === undefined) continue;
      const north = this.northComponent(u, lat);
      const spacingKm = this.trackSpacingDeg * kmPerDegLon(lat) * Math.abs(north);
      const span = Math.ceil(maxCrossTrackKm / Math.max(spacingKm, 1)) + 1;
      const nearest = Math.round(k);
      for (let j = -span; j <= span; j++) {
        const overpass = this.overpassFor(modulo(nearest + j, this.n), u, lon, lat, north);
        if (Math.abs(overpass.crossTrackKm) <= maxCrossTrackKm) found.push(overpass);
      }
    }
    return found.sort((a, b) => a.pass - b.pass);
  }

  /** Cross-track distance and timing of one pass over a place (undefined out of its latitudes). */
  overpassOf(pass: number, lon: number, lat: number): Overpass | undefined {
    const ascending = pass % 2 === 1;
    const revolution = Math.floor((pass - 1) / 2);
    const k = modulo(revolution * this.nodalDays, this.n);
    return this.overpassOnTrack(k, lon, lat, ascending);
  }

  /** Times (and cycle numbers) at which a pass over a place happens within [fromMs, toMs]. */
  overpassTimes(
    secondsIntoCycle: number,
    fromMs: number,
    toMs: number,
  ): { cycle: number; ms: number }[] {
    const offset = this.spec.epochMs + secondsIntoCycle * 1000;
    const first = Math.ceil((fromMs - offset) / this.cycleMs);
    const last = Math.floor((toMs - offset) / this.cycleMs);
    const times: { cycle: number; ms: number }[] = [];
    for (let c = first; c <= last; c++) {
      times.push({ cycle: this.spec.firstCycle + c, ms: offset + c * this.cycleMs });
    }
    return times;
  }
}

/**
 * For a sun-synchronous orbit, the first ascending-node longitude that puts the descending node
 * at the given local solar time (e.g. 10:30 for Sentinel-2) when the epoch is at 00:00 UTC.
 */
function nodeLongitudeForDescendingTime(
  spec: Omit<RepeatOrbitSpec, 'firstNodeLonDeg'>,
  localHours: number,
): number {
  const nodalPeriodH = (spec.cycleDays * 24) / spec.revolutionsPerCycle;
  const utcHoursAtNode = 0.75 * nodalPeriodH + ((spec.epochMs % DAY_MS) / DAY_MS) * 24;
  const nodeLon = (localHours - utcHoursAtNode) * 15;
  const offsetAt180 = 180 - (spec.nodalDaysPerCycle / spec.revolutionsPerCycle) * 180;
  return wrap180(nodeLon - offsetAt180);
}

function sunSynchronous(
  spec: Omit<RepeatOrbitSpec, 'firstNodeLonDeg'>,
  descendingNodeLocalHours: number,
  phaseTracks = 0,
): RepeatOrbit {
  const firstNodeLonDeg =
    nodeLongitudeForDescendingTime(spec, descendingNodeLocalHours) +
    (phaseTracks * 360) / spec.revolutionsPerCycle;
  return new RepeatOrbit({ ...spec, firstNodeLonDeg });
}

/** SWOT science orbit: 21-day repeat (20.86 solar days), 77.6° inclination, 584 passes. */
export const SWOT = new RepeatOrbit({
  name: 'SWOT',
  inclinationDeg: 77.6,
  revolutionsPerCycle: 292,
  nodalDaysPerCycle: 21,
  cycleDays: 20.8646,
  // The science phase began in late July 2023; cycle 1 is placed at its start.
  epochMs: utc(2023, 7, 26),
  firstCycle: 1,
  firstNodeLonDeg: 0,
});

/** SWOT's KaRIn swaths span 10–60 km either side of the nadir track. */
export const SWOT_SWATH_KM = { inner: 10, outer: 60 } as const;

/** Sentinel-3A: 27-day repeat, 385 revolutions, descending node at 10:00. */
export const SENTINEL_3A = sunSynchronous(
  {
    name: 'Sentinel-3A',
    inclinationDeg: 98.65,
    revolutionsPerCycle: 385,
    nodalDaysPerCycle: 27,
    cycleDays: 27,
    epochMs: utc(2023, 1, 1),
    firstCycle: 1,
  },
  10,
);

/** Sentinel-3B flies the same orbit with tracks interleaved halfway between Sentinel-3A's. */
export const SENTINEL_3B = sunSynchronous(
  {
    name: 'Sentinel-3B',
    inclinationDeg: 98.65,
    revolutionsPerCycle: 385,
    nodalDaysPerCycle: 27,
    cycleDays: 27,
    epochMs: utc(2023, 1, 1),
    firstCycle: 1,
  },
  10,
  0.5,
);

/** Sentinel-6 Michael Freilich on the Jason reference orbit: ~9.92-day repeat, 66° inclination. */
export const SENTINEL_6A = new RepeatOrbit({
  name: 'Sentinel-6A',
  inclinationDeg: 66.04,
  revolutionsPerCycle: 127,
  nodalDaysPerCycle: 10,
  cycleDays: 9.9156,
  epochMs: utc(2023, 1, 1),
  firstCycle: 1,
  firstNodeLonDeg: 37.5,
});

/**
 * Sentinel-2: 10-day repeat per satellite, 143 revolutions, descending node at 10:30, 290 km
 * swath. The two satellites of the constellation share ground tracks five days apart.
 */
export const SENTINEL_2 = sunSynchronous(
  {
    name: 'Sentinel-2',
    inclinationDeg: 98.62,
    revolutionsPerCycle: 143,
    nodalDaysPerCycle: 10,
    cycleDays: 10,
    epochMs: utc(2023, 1, 1),
    firstCycle: 1,
  },
  10.5,
);

export const SENTINEL_2_HALF_SWATH_KM = 145;
