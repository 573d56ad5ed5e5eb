/**
 * `insitu-gauges`: river gauging stations with daily mean discharge and stage as CSV. Records run
 * for 15 months to nearly three years; the last months are provisional and short sensor outages
 * are gap-filled and flagged as estimated, as national hydrometric services publish them.
 */

import { buildCollection, distinctValues, rangeOf } from '../collection.js';
import type { GeneratedCollection, GenerationContext } from '../context.js';
import { toCsv } from '../csv.js';
import { pad, round } from '../format.js';
import { buildItem } from '../item.js';
import { Rng } from '../prng.js';
import { describeLocation, type River } from '../rivers.js';
import { interleave, lazy, scaledCount, spreadOrder, takeRoundRobin } from '../selection.js';
import type { StacItem } from '../stac-types.js';
import { DAY_MS, DEMO_END_MS, isoDate, isoDateTime, SECOND_MS, utc } from '../time.js';

export const GAUGE_COLLECTION_ID = 'insitu-gauges';
const BASE_COUNT = 400;
const STATION_SPACING_KM = 20;
export const GAUGE_CSV_HEADER = ['date', 'discharge_m3s', 'stage_m', 'quality'] as const;

interface Site {
  river: River;
  km: number;
}

/** One candidate site per 20 km of river, at a random point of each stretch, avoiding lakes. */
function sitesOf(river: River, ctx: GenerationContext): Site[] {
  const rng = Rng.for(ctx.seed, 'gauge-sites', river.id);
  const sites: Site[] = [];
  for (let start = 0; start + STATION_SPACING_KM <= river.lengthKm; start += STATION_SPACING_KM) {
    const km = start + rng.uniform(0.15, 0.85) * STATION_SPACING_KM;
    if (!ctx.world.lakeAt(river.positionAt(km))) sites.push({ river, km });
  }
  return spreadOrder(sites);
}

type Quality = 'validated' | 'estimated' | 'provisional';

async function buildGaugeItem(ctx: GenerationContext, { river, km }: Site): Promise<StacItem> {
  const mouthKm = Math.round(river.distanceToMouthKm(km));
  const code = `${river.spec.code}-${pad(mouthKm, 4)}`;
  const rng = Rng.for(ctx.seed, 'gauge', code);
  const hydrology = ctx.world.hydrology(river);
  const startMs = rng.chance(0.6) ? utc(2023, 1, 1) : utc(2023, 10, 1);
  const endMs = rng.chance(0.5) ? utc(2024, 12, 31) : utc(2025, 9, 30);
  const days = Math.round((endMs - startMs) / DAY_MS) + 1;
  // Gauge zero sits below the lowest expected level so that stage stays positive.
  const baseStage = 0.5 + 0.8 * river.spec.stageRangeM;

  const discharge: number[] = [];
  const stage: number[] = [];
  const quality: Quality[] = [];
  const ratingPhase = rng.uniform(0, 2 * Math.PI);
  for (let d = 0; d < days; d++) {
    const noon = startMs + d * DAY_MS + DAY_MS / 2;
    // Rating-curve error: a few percent, slowly varying rather than white.
    const ratingError = 1 + 0.03 * Math.sin(d / 45 + ratingPhase);
    const wetness = hydrology.wetness(km, noon);
    discharge.push(hydrology.dischargeM3s(km, noon, wetness) * ratingError);
    stage.push(Math.max(0.05, baseStage + hydrology.stageAnomalyM(km, noon, wetness)));
    quality.push('validated');
  }
  // Sensor outages: values rebuilt by linear interpolation, flagged as estimated.
  for (let g = rng.int(0, 2); g > 0; g--) {
    const length = rng.int(3, 20);
    const from = rng.int(1, days - length - 2);
    const to = from + length;
    for (let d = from; d < to; d++) {
      const f = (d - from + 1) / (length + 1);
      discharge[d] = discharge[from - 1]! + f * (discharge[to]! - discharge[from - 1]!);
      stage[d] = stage[from - 1]! + f * (stage[to]! - stage[from - 1]!);
      quality[d] = 'estimated';
    }
  }
  const provisionalDays = rng.int(60, 120);
  for (let d = Math.max(0, days - provisionalDays); d < days; d++) quality[d] = 'provisional';

  const rows = discharge.map((q, d) => [
    isoDate(startMs + d * DAY_MS),
    round(q, q < 10 ? 3 : q < 1000 ? 2 : 0),
    round(stage[d]!, 3),
    quality[d]!,
  ]);
  const id = `gauge-${code.toLowerCase()}`;
  const file = await ctx.sink.put(
    `${GAUGE_COLLECTION_ID}/${river.basin.id}/${id}.csv`,
    toCsv(GAUGE_CSV_HEADER, rows),
  );
  const published = Math.min(endMs + rng.int(20, 60) * DAY_MS, DEMO_END_MS);
  const updated = Math.min(published + rng.int(0, 30) * DAY_MS, DEMO_END_MS);
  const meanDischarge = discharge.reduce((s, q) => s + q, 0) / discharge.length;
  return buildItem({
    id,
    collection: GAUGE_COLLECTION_ID,
    geometry: { type: 'Point', coordinates: river.positionAt(km) },
    properties: {
      // STAC common metadata: lists show the title; free-text search (`q`) matches title and
      // description (PgSTAC 0.10 matches nothing on an item without a description).
      title: `${river.name} gauging station ${code}`,
      description: `Daily discharge and stage of the ${river.name} (${river.basin.name} basin); synthetic.`,
      // Words a gauge network tags its series with; 'streamflow' is found by a search for
      // 'river discharge' only through the thesaurus (src/demo/thesaurus/hydrology.ttl).
      keywords: ['streamflow', 'stage', 'hydrometry'],
      datetime: null,
      start_datetime: isoDateTime(startMs),
      end_datetime: isoDateTime(endMs + DAY_MS - SECOND_MS),
      published: isoDateTime(published),
      updated: isoDateTime(updated),
      'styx:basin': river.basin.name,
      'styx:river': river.name,
      'insitu:station_code': code,
      'insitu:station_name': describeLocation(river, km),
      'insitu:distance_to_mouth_km': mouthKm,
      'insitu:drainage_area_km2': Math.round(river.drainageAreaKm2(km)),
      'insitu:mean_discharge_m3s': round(meanDischarge, meanDischarge < 10 ? 2 : 0),
      'insitu:gauge_datum_m': round(river.elevationM(km) - baseStage, 2),
    },
    assets: {
      timeseries: {
        ...file,
        type: 'text/csv',
        roles: ['data'],
        title: 'Daily discharge and stage',
        description:
          'Daily means: discharge (m³/s), stage above gauge datum (m), quality (validated, estimated, provisional).',
      },
    },
  });
}

export async function generateGaugeCollection(
  ctx: GenerationContext,
): Promise<GeneratedCollection> {
  const n = scaledCount(BASE_COUNT, ctx.scale);
  const basins = [...new Set(ctx.world.rivers.map((river) => river.basin))];
  const groups = basins.map((basin) =>
    interleave(ctx.world.riversOf(basin).map((river) => lazy(() => sitesOf(river, ctx)))),
  );
  const items: StacItem[] = [];
  for (const site of takeRoundRobin(groups, n)) items.push(await buildGaugeItem(ctx, site));
  const collection = buildCollection(
    {
      id: GAUGE_COLLECTION_ID,
      title: 'In-situ river gauging stations (synthetic)',
      description: [
        'SYNTHETIC DATA for demonstrations: no value here was measured.',
        'River gauging stations with daily mean discharge (m³/s) and stage (m above the gauge',
        'datum `insitu:gauge_datum_m`, itself in m above the geoid) for 2023–2025. Station codes',
        'combine a river code and the distance to the mouth in km; they are not real national',
        'station codes. Hydrographs follow each river’s regime (e.g. winter floods on the Loire,',
        'monsoon floods on the Ganges, the Amazon’s May–June high water) and are consistent with',
        'the altimetry and SWOT collections on the same rivers.',
      ].join(' '),
      keywords: ['gauging station', 'discharge', 'stage', 'in situ', 'hydrometry', 'synthetic'],
      summaries: {
        'styx:basin': distinctValues(items, 'styx:basin'),
        'styx:river': distinctValues(items, 'styx:river'),
        'insitu:drainage_area_km2': rangeOf(items, 'insitu:drainage_area_km2'),
        'insitu:mean_discharge_m3s': rangeOf(items, 'insitu:mean_discharge_m3s'),
      },
      item_assets: {
        timeseries: { type: 'text/csv', roles: ['data'], title: 'Daily discharge and stage' },
      },
    },
    items,
  );
  return { collection, items };
}
