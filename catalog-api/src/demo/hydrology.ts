/**
 * Synthetic hydrology: one continuous-time "wetness" signal per river, from which water level,
 * discharge and wetted width are derived. Every product samples the same signal, so SWOT reaches,
 * altimetry stations, gauges and water masks on one river tell a coherent story (same wet year,
 * same flood, arriving later downstream).
 */

import type { Monthly } from './basins.js';
import type { LakeSpec } from './lakes.js';
import { Rng } from './prng.js';
import type { River } from './rivers.js';
import { DAY_MS, utc, utcYear, yearFraction } from './time.js';

/** Periodic, smooth interpolation of monthly values, normalised to a unit range around 0. */
class SeasonalCycle {
  private readonly values: readonly number[];

  constructor(monthly: Monthly) {
    const mean = monthly.reduce((s, v) => s + v, 0) / 12;
    const range = Math.max(...monthly) - Math.min(...monthly) || 1;
    this.values = monthly.map((v) => (v - mean) / range);
  }

  /** Value at a year fraction; months are anchored mid-month (Catmull–Rom, wrapping). */
  at(yearFrac: number): number {
    const x = (((yearFrac * 12 - 0.5) % 12) + 12) % 12;
    const i = Math.floor(x);
    const t = x - i;
    const v = this.values;
    const p0 = v[(i + 11) % 12]!;
    const p1 = v[i]!;
    const p2 = v[(i + 1) % 12]!;
    const p3 = v[(i + 2) % 12]!;
    return (
      0.5 *
      (2 * p1 +
        (-p0 + p2) * t +
        (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t +
        (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t)
    );
  }
}

/** Wet and dry years: one standard-normal anomaly per year, blended between mid-years. */
class InterannualSignal {
  private readonly anomalies = new Map<number, number>();

  constructor(rng: Rng) {
    for (let year = 2021; year <= 2027; year++) this.anomalies.set(year, rng.normal());
  }

  at(ms: number): number {
    const year = utcYear(ms);
    const midYear = utc(year, 7, 2);
    const other = ms < midYear ? year - 1 : year + 1;
    const f = Math.abs(ms - midYear) / (365.25 * DAY_MS);
    return (1 - f) * (this.anomalies.get(year) ?? 0) + f * (this.anomalies.get(other) ?? 0);
  }
}

/** Weather-scale wiggles: a few sinusoids with random periods, a pure function of time. */
class SmoothNoise {
  private readonly waves: { periodDays: number; amplitude: number; phase: number }[];

  constructor(rng: Rng, sd: number, minPeriodDays: number, maxPeriodDays: number) {
    const count = 5;
    this.waves = Array.from({ length: count }, () => ({
      periodDays: rng.uniform(minPeriodDays, maxPeriodDays),
      amplitude: sd * Math.sqrt(2 / count),
      phase: rng.uniform(0, 2 * Math.PI),
    }));
  }

  at(ms: number): number {
    const days = ms / DAY_MS;
    let sum = 0;
    for (const w of this.waves)
      sum += w.amplitude * Math.sin((2 * Math.PI * days) / w.periodDays + w.phase);
    return sum;
  }
}

interface StormEvent {
  startMs: number;
  magnitude: number;
}

const SIGNAL_START_MS = utc(2022, 9, 1);
const SIGNAL_END_MS = utc(2026, 1, 15);

export class RiverHydrology {
  private readonly seasonal: SeasonalCycle;
  private readonly interannual: InterannualSignal;
  private readonly noise: SmoothNoise;
  private readonly events: StormEvent[] = [];
  private readonly riseDays: number;
  private readonly recessionDays: number;
  /** Storms older than this no longer contribute measurably (recession below 1e-5). */
  private readonly stormMemoryMs: number;
  private readonly dischargeSpread: number;
  private readonly dischargeNormaliser: number;

  constructor(
    readonly river: River,
    seed: number,
  ) {
    const spec = river.spec;
    const rng = Rng.for(seed, 'hydrology', river.id);
    this.seasonal = new SeasonalCycle(spec.regime);
    this.interannual = new InterannualSignal(rng);
    this.noise = new SmoothNoise(rng, 0.04 + 0.06 * spec.flashiness, 8, 90);
    // Flashy rivers get frequent short storm hydrographs; large, smooth ones rare slow waves.
    this.riseDays = 1 + 3 * (1 - spec.flashiness);
    this.recessionDays = 2 + 14 * (1 - spec.flashiness);
    this.stormMemoryMs = (this.riseDays + 12 * this.recessionDays) * DAY_MS;
    for (let t = SIGNAL_START_MS; t < SIGNAL_END_MS; t += DAY_MS) {
      // From 0.3 in the driest month to 1.3 in the wettest.
      const wetSeason = 0.8 + this.seasonal.at(yearFraction(t));
      if (rng.chance(0.05 * spec.flashiness * wetSeason)) {
        this.events.push({ startMs: t, magnitude: rng.exponential(0.35 * spec.flashiness) });
      }
    }
    this.dischargeSpread = Math.log(spec.flowRatio);
    let sum = 0;
    for (let d = 0; d < 365; d++) sum += Math.exp(this.dischargeSpread * this.seasonal.at(d / 365));
    this.dischargeNormaliser = sum / 365;
  }

  /** Flood-wave delay from the first vertex, in ms. */
  private lagMs(km: number): number {
    return (this.river.spec.floodTravelDays * km * DAY_MS) / this.river.lengthKm;
  }

  /** Index of the first storm starting at or after `ms` (binary search; storms are sorted). */
  private firstStormAfter(ms: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.startMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Dimensionless wetness, about -0.5 at the seasonal low and +0.5 at the seasonal high of an
   * average year, plus storms, weather noise and wet/dry years.
   */
  wetness(km: number, ms: number): number {
    const t = ms - this.lagMs(km);
    const year = this.interannual.at(t);
    let storms = 0;
    const attenuation = 1 - 0.5 * (km / this.river.lengthKm);
    for (let i = this.firstStormAfter(t - this.stormMemoryMs); i < this.events.length; i++) {
      const e = this.events[i]!;
      const days = (t - e.startMs) / DAY_MS;
      if (days < 0) break;
      const shape =
        days < this.riseDays
          ? days / this.riseDays
          : Math.exp(-(days - this.riseDays) / this.recessionDays);
      storms += e.magnitude * shape;
    }
    return (
      this.seasonal.at(yearFraction(t)) * (1 + 0.25 * year) +
      0.12 * year +
      this.noise.at(t) +
      storms * attenuation
    );
  }

  /** Seasonal level range is largest in the middle course, smaller near source and sea. */
  private stageRangeM(km: number): number {
    const f = km / this.river.lengthKm;
    return this.river.spec.stageRangeM * (0.45 + 0.55 * 4 * f * (1 - f));
  }

  /** Water level relative to the long-term mean, metres. */
  stageAnomalyM(km: number, ms: number, wetness = this.wetness(km, ms)): number {
    return this.stageRangeM(km) * wetness;
  }

  /** Water-surface elevation (m above the geoid). */
  wseM(km: number, ms: number): number {
    return this.river.elevationM(km) + this.stageAnomalyM(km, ms);
  }

  /** Discharge: log-linear in wetness, scaled so the long-term mean matches the river's. */
  dischargeM3s(km: number, ms: number, wetness = this.wetness(km, ms)): number {
    const q = Math.exp(this.dischargeSpread * wetness) / this.dischargeNormaliser;
    return this.river.meanDischargeM3s(km) * q;
  }

  /** Wetted width relative to the mean width. */
  widthFactor(km: number, ms: number, wetness = this.wetness(km, ms)): number {
    const w = wetness;
    return Math.min(2.5, Math.max(0.4, 1 + 2 * this.river.spec.widthElasticity * w));
  }
}

export class LakeHydrology {
  private readonly seasonal: SeasonalCycle;
  private readonly interannual: InterannualSignal;
  private readonly noise: SmoothNoise;

  constructor(
    readonly lake: LakeSpec,
    seed: number,
  ) {
    const rng = Rng.for(seed, 'lake-hydrology', lake.id);
    this.seasonal = new SeasonalCycle(lake.regime);
    this.interannual = new InterannualSignal(rng);
    this.noise = new SmoothNoise(rng, 0.03, 10, 60);
  }

  levelAnomalyM(ms: number): number {
    const year = this.interannual.at(ms);
    const relative = this.seasonal.at(yearFraction(ms)) * (1 + 0.2 * year) + 0.1 * year;
    return this.lake.seasonalRangeM * (relative + this.noise.at(ms));
  }

  wseM(ms: number): number {
    return this.lake.meanWseM + this.levelAnomalyM(ms);
  }

  /** Surface area relative to the mean; floodplain lakes and reservoirs breathe a lot. */
  relativeArea(ms: number): number {
    const normalised = this.levelAnomalyM(ms) / this.lake.seasonalRangeM;
    return Math.min(2.5, Math.max(0.15, 1 + 2 * this.lake.areaElasticity * normalised));
  }

  areaKm2(ms: number): number {
    return this.lake.meanAreaKm2 * this.relativeArea(ms);
  }

  /** Storage change against the mean level (trapezoidal), km³. */
  storageChangeKm3(ms: number): number {
    const meanArea = this.lake.meanAreaKm2;
    return (((this.areaKm2(ms) + meanArea) / 2) * this.levelAnomalyM(ms)) / 1000;
  }
}
