/**
 * SWORD-like river reaches (~10 km) and nodes (~200 m). Identifiers follow SWORD's layout:
 * reach `CBBBBBRRRRT` (continent, basin, reach number counted up from the outlet, type) and
 * node `CBBBBBRRRRNNNT`. Basin digits are synthetic.
 */

import { pad } from './format.js';
import type { River } from './rivers.js';
import type { Lake, World } from './world.js';

/** SWORD type digit: 1 river, 3 lake on river. */
export type ReachType = 1 | 3;

export interface Reach {
  river: River;
  reachId: string;
  /** 1 at the outlet, increasing upstream. */
  number: number;
  type: ReachType;
  lake: Lake | undefined;
  startKm: number;
  endKm: number;
  midKm: number;
}

export const REACH_TARGET_KM = 10;
export const NODE_SPACING_KM = 0.2;

export function riverReaches(river: River, world: World): Reach[] {
  const count = Math.max(1, Math.round(river.lengthKm / REACH_TARGET_KM));
  const length = river.lengthKm / count;
  const prefix = `${river.basin.continent}${river.spec.swordBasin}`;
  return Array.from({ length: count }, (_, i) => {
    const startKm = i * length;
    const midKm = startKm + length / 2;
    const lake = world.lakeAt(river.positionAt(midKm));
    const type: ReachType = lake ? 3 : 1;
    const number = count - i;
    return {
      river,
      reachId: `${prefix}${pad(number, 4)}${type}`,
      number,
      type,
      lake,
      startKm,
      endKm: startKm + length,
      midKm,
    };
  });
}

/** Node chainages, from the downstream end (node 1) upstream, as SWORD numbers them. */
export function reachNodes(reach: Reach): { nodeId: string; km: number }[] {
  const count = Math.max(1, Math.round((reach.endKm - reach.startKm) / NODE_SPACING_KM));
  const spacing = (reach.endKm - reach.startKm) / count;
  const stem = reach.reachId.slice(0, -1);
  return Array.from({ length: count }, (_, i) => ({
    nodeId: `${stem}${pad(i + 1, 3)}${reach.type}`,
    km: reach.endKm - (i + 0.5) * spacing,
  }));
}
