/**
 * `swot-l2-hr-lakesp`: one item per lake per SWOT overpass, imitating the L2_HR_LakeSP product
 * (prior-lake records): the observed outline, water-surface elevation, area and storage change.
 */

import { buildCollection, distinctValues, rangeOf } from '../collection.js';
import type { GeneratedCollection, GenerationContext } from '../context.js';
import { pad, round } from '../format.js';
import {
  closedCounterClockwise,
  distanceKm,
  ringAreaKm2,
  ringCentre,
  roundPosition,
} from '../geo.js';
import { buildItem } from '../item.js';
import { lakeOutline } from '../lakes.js';
import { SWOT, SWOT_SWATH_KM } from '../orbits.js';
import { Rng } from '../prng.js';
import { lazy, scaledCount, takeRoundRobin } from '../selection.js';
import type { StacItem } from '../stac-types.js';
import { isoDateTime } from '../time.js';
import type { Lake } from '../world.js';
import { inSwath, observationsOf, type SwotObservation, swotPlatformProperties } from './swot.js';

export const SWOT_LAKE_COLLECTION_ID = 'swot-l2-hr-lakesp';
const BASE_COUNT = 1500;

interface Candidate {
  lake: Lake;
  observation: SwotObservation;
  /** Share of the shoreline inside the swath (1 when the whole lake is seen). */
  coverage: number;
}

/**
 * Observations of a lake, pass by pass (best-covering pass first), each pass with its full time
 * series: when a scale cuts the list short, whole passes go, not the end of the period.
 */
function candidatesFor(lake: Lake): Candidate[] {
  const centre = ringCentre(lake.meanOutline);
  const radiusKm = Math.max(...lake.meanOutline.map((p) => distanceKm(centre, p)));
  const passes: Candidate[][] = [];
  for (const overpass of SWOT.overpasses(centre[0], centre[1], SWOT_SWATH_KM.outer + radiusKm)) {
    const distances = lake.meanOutline.map(
      ([lon, lat]) => SWOT.overpassOf(overpass.pass, lon, lat)?.crossTrackKm ?? Number.NaN,
    );
    const lo = Math.min(...distances);
    const hi = Math.max(...distances);
    const seen =
      (hi >= SWOT_SWATH_KM.inner && lo <= SWOT_SWATH_KM.outer) ||
      (lo <= -SWOT_SWATH_KM.inner && hi >= -SWOT_SWATH_KM.outer);
    if (!seen) continue;
    const coverage = distances.filter(inSwath).length / distances.length;
    passes.push(observationsOf(overpass).map((observation) => ({ lake, observation, coverage })));
  }
  return passes.sort((a, b) => (b[0]?.coverage ?? 0) - (a[0]?.coverage ?? 0)).flat();
}

async function buildLakeItem(
  ctx: GenerationContext,
  { lake, observation, coverage }: Candidate,
): Promise<StacItem> {
  const { overpass, cycle, ms } = observation;
  const rng = Rng.for(ctx.seed, 'swot-lake', lake.spec.id, cycle, overpass.pass);
  const hydrology = lake.hydrology;
  // Small lakes have noisier heights (fewer pixels to average).
  const sigma = Math.max(0.03, 0.4 / Math.sqrt(lake.spec.meanAreaKm2));
  // Lakes mostly outside the swath get suspect estimates; a few passes are bad (rain, wind).
  const quality = rng.chance(0.04) ? 2 : coverage < 0.5 ? 1 : 0;
  const wse = hydrology.wseM(ms) + rng.normal(0, quality === 2 ? 4 * sigma : sigma);
  const relativeArea = hydrology.relativeArea(ms) * (1 + rng.normal(0, 0.015));
  const ring = closedCounterClockwise(lakeOutline(lake.spec, relativeArea).map(roundPosition));
  const area = ringAreaKm2(ring.slice(0, -1));

  const id = `swot-lakesp-${lake.lakeId}-c${pad(cycle, 3)}-p${pad(overpass.pass, 3)}`;
  const properties = {
    title: `${lake.spec.name} water extent, SWOT cycle ${cycle} pass ${overpass.pass}`,
    description: `Lake water surface elevation and area of ${lake.spec.name} (${lake.basin.name} basin) from one SWOT pass; synthetic.`,
    datetime: isoDateTime(ms),
    ...swotPlatformProperties(overpass),
    'styx:basin': lake.basin.name,
    'swot:cycle_number': cycle,
    'swot:pass_number': overpass.pass,
    'swot:lake_id': lake.lakeId,
    'swot:lake_name': lake.spec.name,
    'swot:wse': round(wse, 3),
    'swot:wse_u': round(sigma, 3),
    'swot:area_total': round(area, 2),
    'swot:storage_change': round(hydrology.storageChangeKm3(ms), 4),
    'swot:partial_f': coverage < 1 ? 1 : 0,
    'swot:quality_f': quality,
  };
  const feature = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [ring] }, properties },
    ],
  };
  const file = await ctx.sink.put(
    `${SWOT_LAKE_COLLECTION_ID}/${lake.basin.id}/${id}.geojson`,
    JSON.stringify(feature),
  );
  return buildItem({
    id,
    collection: SWOT_LAKE_COLLECTION_ID,
    geometry: { type: 'Polygon', coordinates: [ring] },
    properties,
    assets: {
      outline: {
        ...file,
        type: 'application/geo+json',
        roles: ['data'],
        title: 'Observed lake outline',
        description: 'The observed water extent as a GeoJSON polygon with the lake attributes.',
      },
    },
  });
}

export async function generateSwotLakeCollection(
  ctx: GenerationContext,
): Promise<GeneratedCollection> {
  const n = scaledCount(BASE_COUNT, ctx.scale);
  const groups = ctx.world.lakes.map((lake) => lazy(() => candidatesFor(lake)));
  const items: StacItem[] = [];
  for (const candidate of takeRoundRobin(groups, n)) {
    items.push(await buildLakeItem(ctx, candidate));
  }
  const collection = buildCollection(
    {
      id: SWOT_LAKE_COLLECTION_ID,
      title: 'SWOT L2 HR Lake Single-Pass, prior lakes (synthetic)',
      description: [
        'SYNTHETIC DATA for demonstrations: no value here was measured.',
        'Modelled on the SWOT Level-2 KaRIn high-rate lake single-pass product (L2_HR_LakeSP),',
        'it gives, for each real lake or reservoir seen by an overpass, the observed outline,',
        'water-surface elevation (`swot:wse`, m), total water area (`swot:area_total`, km²) and',
        'storage change relative to the mean level (`swot:storage_change`, km³).',
        '`swot:partial_f` is 1 when the swath covers only part of the lake; `swot:quality_f` is',
        '0 good, 1 suspect, 2 bad. Lake outlines are coarse tracings scaled to documented areas;',
        'floodplain lakes such as Tonlé Sap expand and shrink with the seasons.',
      ].join(' '),
      keywords: ['SWOT', 'KaRIn', 'lake', 'reservoir', 'water storage', 'synthetic'],
      summaries: {
        platform: distinctValues(items, 'platform'),
        instruments: distinctValues(items, 'instruments'),
        'sat:orbit_state': distinctValues(items, 'sat:orbit_state'),
        'swot:cycle_number': rangeOf(items, 'swot:cycle_number'),
        'swot:lake_name': distinctValues(items, 'swot:lake_name'),
        'swot:area_total': rangeOf(items, 'swot:area_total'),
        'styx:basin': distinctValues(items, 'styx:basin'),
      },
      item_assets: {
        outline: { type: 'application/geo+json', roles: ['data'], title: 'Observed lake outline' },
      },
    },
    items,
  );
  return { collection, items };
}
