/**
 * `swot-l2-hr-riversp`: one item per reach per SWOT overpass, imitating the L2_HR_RiverSP reach
 * product, with the node-level values of that overpass as a CSV asset. Reach values are computed
 * from the nodes (mean WSE, fitted slope, median width), as in the real processing.
 */

import { buildCollection, distinctValues, rangeOf } from '../collection.js';
import type { GeneratedCollection, GenerationContext } from '../context.js';
import { toCsv } from '../csv.js';
import { pad, round } from '../format.js';
import { buildItem } from '../item.js';
import { SWOT, SWOT_SWATH_KM } from '../orbits.js';
import { Rng } from '../prng.js';
import { type Reach, reachNodes, riverReaches } from '../reaches.js';
import type { River } from '../rivers.js';
import { scaledCount, takeRoundRobin } from '../selection.js';
import type { Position, StacItem } from '../stac-types.js';
import { isoDateTime } from '../time.js';
import { inSwath, observationsOf, type SwotObservation, swotPlatformProperties } from './swot.js';

export const SWOT_RIVER_COLLECTION_ID = 'swot-l2-hr-riversp';
const BASE_COUNT = 5200;

export const NODE_CSV_HEADER = [
  'node_id',
  'lon',
  'lat',
  'dist_out_m',
  'wse_m',
  'wse_u_m',
  'width_m',
  'node_q',
] as const;

interface Candidate {
  reach: Reach;
  observation: SwotObservation;
}

/**
 * A river's observations, reach by reach outwards from its focus town, each reach with its full
 * time series. Lazy: reaches far from the focus are only computed at large scales.
 */
function* candidatesFor(river: River, ctx: GenerationContext): Generator<Candidate> {
  const focusKm = river.townKm(river.spec.focusTown);
  // Lake-on-river reaches are left to the lake product, as SWOT users would read them there.
  const reaches = riverReaches(river, ctx.world)
    .filter((reach) => reach.type === 1)
    .sort((a, b) => Math.abs(a.midKm - focusKm) - Math.abs(b.midKm - focusKm) || a.midKm - b.midKm);
  for (const reach of reaches) {
    const [lon, lat] = river.positionAt(reach.midKm);
    const observations = SWOT.overpasses(lon, lat, SWOT_SWATH_KM.outer)
      .filter((overpass) => inSwath(overpass.crossTrackKm))
      .flatMap(observationsOf)
      .sort((a, b) => a.ms - b.ms);
    for (const observation of observations) yield { reach, observation };
  }
}

function drawReachQuality(rng: Rng): 0 | 1 | 2 | 3 {
  const u = rng.next();
  return u < 0.78 ? 0 : u < 0.9 ? 1 : u < 0.96 ? 2 : 3;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of WSE against distance to outlet, with its standard error. */
function fitSlope(distOutM: number[], wseM: number[]): { slope: number; stdError: number } {
  const n = distOutM.length;
  const mx = distOutM.reduce((s, v) => s + v, 0) / n;
  const my = wseM.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (distOutM[i]! - mx) ** 2;
    sxy += (distOutM[i]! - mx) * (wseM[i]! - my);
  }
  const slope = sxy / sxx;
  let residuals = 0;
  for (let i = 0; i < n; i++) residuals += (wseM[i]! - my - slope * (distOutM[i]! - mx)) ** 2;
  return { slope, stdError: Math.sqrt(residuals / Math.max(1, n - 2) / sxx) };
}

async function buildReachItem(
  ctx: GenerationContext,
  { reach, observation }: Candidate,
): Promise<StacItem> {
  const { river } = reach;
  const { overpass, cycle, ms } = observation;
  const hydrology = ctx.world.hydrology(river);
  const rng = Rng.for(ctx.seed, 'swot-river', reach.reachId, cycle, overpass.pass);
  const wetness = hydrology.wetness(reach.midKm, ms);
  const stage = hydrology.stageAnomalyM(reach.midKm, ms, wetness);
  const widthFactor = hydrology.widthFactor(reach.midKm, ms, wetness);
  const reachQ = drawReachQuality(rng);
  const nodeSigma = rng.uniform(0.2, 0.35) * (reachQ >= 2 ? 2 : 1);

  const nodes = reachNodes(reach).map(({ nodeId, km }) => {
    let error = rng.normal(0, nodeSigma);
    let nodeQ = 0;
    if (reachQ === 3 && rng.chance(0.5)) {
      nodeQ = 3;
      error += rng.uniform(2, 8); // layover from nearby terrain biases heights upwards
    } else if (rng.chance(0.06)) {
      nodeQ = 2;
      error += rng.normal(0, 1.5); // dark water: weak returns, noisy heights
    } else if (rng.chance(0.1)) {
      nodeQ = 1;
    }
    const [lon, lat] = river.positionAt(km);
    return {
      nodeId,
      lon: round(lon, 6),
      lat: round(lat, 6),
      distOutM: round(river.distanceToMouthKm(km) * 1000, 1),
      wseM: round(river.elevationM(km) + stage + error, 3),
      wseUM: round(nodeSigma * rng.uniform(0.8, 1.2), 3),
      widthM: round(Math.max(1, river.widthM(km) * widthFactor * (1 + rng.normal(0, 0.08))), 1),
      nodeQ,
    };
  });
  const good = nodes.filter((n) => n.nodeQ <= 1);
  const used = good.length >= 3 ? good : nodes;
  const wse = used.reduce((s, n) => s + n.wseM, 0) / used.length;
  const { slope, stdError } = fitSlope(
    used.map((n) => n.distOutM),
    used.map((n) => n.wseM),
  );
  const width = median(used.map((n) => n.widthM));

  const id = `swot-riversp-${reach.reachId}-c${pad(cycle, 3)}-p${pad(overpass.pass, 3)}`;
  const csv = toCsv(
    NODE_CSV_HEADER,
    nodes.map((n) => [n.nodeId, n.lon, n.lat, n.distOutM, n.wseM, n.wseUM, n.widthM, n.nodeQ]),
  );
  const file = await ctx.sink.put(`${SWOT_RIVER_COLLECTION_ID}/${river.basin.id}/${id}.csv`, csv);

  const steps = Math.max(1, Math.ceil(reach.endKm - reach.startKm));
  const line: Position[] = Array.from({ length: steps + 1 }, (_, i) =>
    river.positionAt(reach.startKm + ((reach.endKm - reach.startKm) * i) / steps),
  );
  return buildItem({
    id,
    collection: SWOT_RIVER_COLLECTION_ID,
    geometry: { type: 'LineString', coordinates: line },
    properties: {
      title: `${river.name} reach ${reach.reachId}, SWOT cycle ${cycle} pass ${overpass.pass}`,
      description: `River water surface elevation, slope and width of the ${river.name} (${river.basin.name} basin) from one SWOT pass; synthetic.`,
      datetime: isoDateTime(ms),
      ...swotPlatformProperties(overpass),
      'styx:basin': river.basin.name,
      'styx:river': river.name,
      'swot:cycle_number': cycle,
      'swot:pass_number': overpass.pass,
      'swot:reach_id': reach.reachId,
      'swot:river_name': river.name,
      'swot:wse': round(wse, 3),
      'swot:wse_u': round(Math.hypot(nodeSigma / Math.sqrt(used.length), 0.05), 3),
      'swot:width': round(width, 1),
      'swot:width_u': round((0.1 * width) / Math.sqrt(used.length) + 5, 1),
      'swot:slope': round(slope, 8),
      'swot:slope_u': round(stdError, 8),
      'swot:reach_q': reachQ,
      'swot:n_good_nod': good.length,
      'swot:dist_out': round(river.distanceToMouthKm(reach.midKm) * 1000, 1),
      'swot:xtrk_dist': round(overpass.crossTrackKm * 1000, 1),
    },
    assets: {
      nodes: {
        ...file,
        type: 'text/csv',
        roles: ['data'],
        title: 'Node observations',
        description: `Nodes every ~200 m along the reach. Columns: ${NODE_CSV_HEADER.join(', ')}.`,
      },
    },
  });
}

export async function generateSwotRiverCollection(
  ctx: GenerationContext,
): Promise<GeneratedCollection> {
  const n = scaledCount(BASE_COUNT, ctx.scale);
  const groups = ctx.world.rivers.map((river) => candidatesFor(river, ctx));
  const items: StacItem[] = [];
  for (const candidate of takeRoundRobin(groups, n)) {
    items.push(await buildReachItem(ctx, candidate));
  }
  const collection = buildCollection(
    {
      id: SWOT_RIVER_COLLECTION_ID,
      title: 'SWOT L2 HR River Single-Pass, reaches (synthetic)',
      description: [
        'SYNTHETIC DATA for demonstrations: no value here was measured.',
        'Modelled on the SWOT Level-2 KaRIn high-rate river single-pass product (L2_HR_RiverSP),',
        'it gives, for each ~10 km river reach seen by an overpass, the water-surface elevation',
        '(`swot:wse`, m above the geoid), wetted width (`swot:width`, m) and water-surface slope',
        '(`swot:slope`, m/m), with uncertainties (`_u`) and the reach quality flag `swot:reach_q`',
        '(0 good, 1 suspect, 2 degraded, 3 bad). Reach values are aggregated from the node values',
        'in the CSV asset. Passes, cycles and acquisition times follow a model of the 21-day',
        'science orbit; reach identifiers follow the SWORD layout but are not real SWORD ids.',
        'River courses are coarse tracings of real rivers.',
      ].join(' '),
      keywords: ['SWOT', 'KaRIn', 'river', 'water surface elevation', 'slope', 'synthetic'],
      summaries: {
        platform: distinctValues(items, 'platform'),
        instruments: distinctValues(items, 'instruments'),
        'sat:orbit_state': distinctValues(items, 'sat:orbit_state'),
        'swot:cycle_number': rangeOf(items, 'swot:cycle_number'),
        'swot:pass_number': rangeOf(items, 'swot:pass_number'),
        'swot:reach_q': distinctValues(items, 'swot:reach_q'),
        'swot:wse': rangeOf(items, 'swot:wse'),
        'styx:basin': distinctValues(items, 'styx:basin'),
        'styx:river': distinctValues(items, 'styx:river'),
      },
      item_assets: {
        nodes: { type: 'text/csv', roles: ['data'], title: 'Node observations' },
      },
    },
    items,
  );
  return { collection, items };
}
