/**
 * `hydroweb-virtual-stations`: radar-altimetry virtual stations in the style of Hydroweb, placed
 * exactly where modelled Sentinel-3A/3B and Sentinel-6 ground tracks cross the rivers, each with
 * its water-level time series (one value per satellite repeat cycle) as CSV.
 */

import { buildCollection, distinctValues, rangeOf } from '../collection.js';
import type { GeneratedCollection, GenerationContext } from '../context.js';
import { toCsv } from '../csv.js';
import { pad, round } from '../format.js';
import { buildItem } from '../item.js';
import { type RepeatOrbit, SENTINEL_3A, SENTINEL_3B, SENTINEL_6A } from '../orbits.js';
import { Rng } from '../prng.js';
import { describeLocation, type River } from '../rivers.js';
import { interleave, lazy, scaledCount, spreadOrder, takeRoundRobin } from '../selection.js';
import type { StacItem } from '../stac-types.js';
import { DEMO_END_MS, DEMO_START_MS, isoDate, isoDateTime } from '../time.js';

export const VIRTUAL_STATION_COLLECTION_ID = 'hydroweb-virtual-stations';
const BASE_COUNT = 600;
export const VIRTUAL_STATION_CSV_HEADER = ['date', 'water_level_m', 'uncertainty_m'] as const;

interface Mission {
  orbit: RepeatOrbit;
  code: string;
  platform: string;
  constellation: string;
  instrument: string;
}

const MISSIONS: readonly Mission[] = [
  {
    orbit: SENTINEL_3A,
    code: 's3a',
    platform: 'sentinel-3a',
    constellation: 'sentinel-3',
    instrument: 'sral',
  },
  {
    orbit: SENTINEL_3B,
    code: 's3b',
    platform: 'sentinel-3b',
    constellation: 'sentinel-3',
    instrument: 'sral',
  },
  {
    orbit: SENTINEL_6A,
    code: 's6a',
    platform: 'sentinel-6a',
    constellation: 'sentinel-6',
    instrument: 'poseidon-4',
  },
];

/** Rivers narrower than this return too little water signal for nadir altimetry. */
const MIN_WIDTH_M = 80;
const SAMPLE_KM = 0.5;

interface Station {
  river: River;
  km: number;
  mission: Mission;
  ascending: boolean;
  /** Integer track coordinate of the crossing track. */
  track: number;
}

/** Where each mission's ground tracks cross a river (sampled every 500 m, then interpolated). */
function crossings(river: River, ctx: GenerationContext): Station[] {
  const stations: Station[] = [];
  const steps = Math.floor(river.lengthKm / SAMPLE_KM);
  const samples = Array.from({ length: steps + 1 }, (_, i) => river.positionAt(i * SAMPLE_KM));
  for (const mission of MISSIONS) {
    const n = mission.orbit.passesPerCycle / 2;
    for (const ascending of [true, false]) {
      let previous = mission.orbit.trackCoordinate(samples[0]![0], samples[0]![1], ascending);
      for (let i = 1; i < samples.length; i++) {
        const current = mission.orbit.trackCoordinate(samples[i]![0], samples[i]![1], ascending);
        if (previous !== undefined && current !== undefined) {
          const delta = ((((current - previous) % n) + 1.5 * n) % n) - n / 2;
          const lo = Math.min(previous, previous + delta);
          const hi = Math.max(previous, previous + delta);
          for (let m = Math.ceil(lo); m <= Math.floor(hi) && delta !== 0; m++) {
            const km = (i - 1 + (m - previous) / delta) * SAMPLE_KM;
            const tooNear = stations.some(
              (s) => s.mission === mission && s.ascending === ascending && Math.abs(s.km - km) < 2,
            );
            if (tooNear || river.widthM(km) < MIN_WIDTH_M) continue;
            if (ctx.world.lakeAt(river.positionAt(km))) continue;
            stations.push({ river, km, mission, ascending, track: m });
          }
        }
        previous = current;
      }
    }
  }
  return stations.sort((a, b) => a.km - b.km);
}

async function buildStationItem(ctx: GenerationContext, station: Station): Promise<StacItem> {
  const { river, km, mission } = station;
  const [lon, lat] = river.positionAt(km);
  const overpass = mission.orbit.overpassOnTrack(station.track, lon, lat, station.ascending)!;
  const mouthKm = Math.round(river.distanceToMouthKm(km));
  const id = `hydroweb-vs-${river.id}-km${pad(mouthKm, 4)}-${mission.code}-${pad(overpass.pass, 3)}`;
  const rng = Rng.for(ctx.seed, 'virtual-station', id);
  const hydrology = ctx.world.hydrology(river);
  // Wide rivers fill more of the altimeter footprint, so their heights are less noisy.
  const sigma = 0.08 + 2.5 / Math.sqrt(river.widthM(km));
  const rows: [string, number, number][] = [];
  let first = Number.NaN;
  let last = Number.NaN;
  let sum = 0;
  for (const { ms } of mission.orbit.overpassTimes(
    overpass.secondsIntoCycle,
    DEMO_START_MS,
    DEMO_END_MS,
  )) {
    if (rng.chance(0.08)) continue; // lost to land contamination or tracker loss of lock
    const outlier = rng.chance(0.02) ? rng.normal(0, 2) : 0;
    const level = hydrology.wseM(km, ms) + rng.normal(0, sigma) + outlier;
    rows.push([isoDate(ms), round(level, 2), round(sigma * rng.uniform(0.8, 1.3), 2)]);
    if (Number.isNaN(first)) first = ms;
    last = ms;
    sum += level;
  }
  const file = await ctx.sink.put(
    `${VIRTUAL_STATION_COLLECTION_ID}/${river.basin.id}/${id}.csv`,
    toCsv(VIRTUAL_STATION_CSV_HEADER, rows),
  );
  return buildItem({
    id,
    collection: VIRTUAL_STATION_COLLECTION_ID,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: {
      title: `${describeLocation(river, km)} virtual station, ${mission.orbit.name} water levels`,
      description: `Altimetry water-level time series of the ${river.name} (${river.basin.name} basin); synthetic.`,
      datetime: null,
      start_datetime: isoDateTime(first),
      end_datetime: isoDateTime(last),
      platform: mission.platform,
      constellation: mission.constellation,
      mission: mission.constellation,
      instruments: [mission.instrument],
      'sat:orbit_state': overpass.ascending ? 'ascending' : 'descending',
      'sat:relative_orbit': overpass.relativeOrbit,
      'styx:basin': river.basin.name,
      'styx:river': river.name,
      'hydroweb:station_name': describeLocation(river, km),
      'hydroweb:mission': mission.orbit.name,
      'hydroweb:pass': overpass.pass,
      'hydroweb:distance_to_mouth_km': mouthKm,
      'hydroweb:measurement_count': rows.length,
      'hydroweb:mean_water_level_m': round(sum / rows.length, 2),
      'hydroweb:vertical_reference': 'EGM2008',
    },
    assets: {
      timeseries: {
        ...file,
        type: 'text/csv',
        roles: ['data'],
        title: 'Water-level time series',
        description:
          'One row per satellite pass: date, water level (m above EGM2008), uncertainty (m).',
      },
    },
  });
}

export async function generateVirtualStationCollection(
  ctx: GenerationContext,
): Promise<GeneratedCollection> {
  const n = scaledCount(BASE_COUNT, ctx.scale);
  const basins = [...new Set(ctx.world.rivers.map((river) => river.basin))];
  const groups = basins.map((basin) =>
    interleave(
      ctx.world.riversOf(basin).map((river) => lazy(() => spreadOrder(crossings(river, ctx)))),
    ),
  );
  const items: StacItem[] = [];
  for (const station of takeRoundRobin(groups, n)) {
    items.push(await buildStationItem(ctx, station));
  }
  const collection = buildCollection(
    {
      id: VIRTUAL_STATION_COLLECTION_ID,
      title: 'Hydroweb-style altimetry virtual stations (synthetic)',
      description: [
        'SYNTHETIC DATA for demonstrations: no value here was measured.',
        'River water levels from satellite radar altimetry at virtual stations, the places where',
        'a Sentinel-3A, Sentinel-3B or Sentinel-6 ground track crosses a river (tracks modelled',
        'from each orbit; stations only on rivers wider than 80 m). Each item links a CSV time',
        'series with one level per repeat cycle (27 days for Sentinel-3, ~10 days for',
        'Sentinel-6), in metres above the EGM2008 geoid, with its uncertainty; a few passes are',
        'missing and a few values are outliers, as in real series.',
      ].join(' '),
      keywords: [
        'altimetry',
        'virtual station',
        'Hydroweb',
        'water level',
        'Sentinel-3',
        'synthetic',
      ],
      summaries: {
        platform: distinctValues(items, 'platform'),
        constellation: distinctValues(items, 'constellation'),
        instruments: distinctValues(items, 'instruments'),
        'hydroweb:mission': distinctValues(items, 'hydroweb:mission'),
        'hydroweb:measurement_count': rangeOf(items, 'hydroweb:measurement_count'),
        'styx:basin': distinctValues(items, 'styx:basin'),
        'styx:river': distinctValues(items, 'styx:river'),
      },
      item_assets: {
        timeseries: { type: 'text/csv', roles: ['data'], title: 'Water-level time series' },
      },
    },
    items,
  );
  return { collection, items };
}
