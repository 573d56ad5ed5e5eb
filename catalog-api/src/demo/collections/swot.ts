/** What the two SWOT-like collections share: the mission, its swath, and the observed period. */

import { type Overpass, SWOT, SWOT_SWATH_KM } from '../orbits.js';
import { DEMO_END_MS, DEMO_START_MS } from '../time.js';

/** Science-orbit observations only: from the start of cycle 1 to the end of the demo period. */
export const SWOT_PERIOD = {
  fromMs: Math.max(DEMO_START_MS, SWOT.spec.epochMs),
  toMs: DEMO_END_MS,
} as const;

export interface SwotObservation {
  overpass: Overpass;
  cycle: number;
  ms: number;
}

/** Every science-orbit observation of a place by one pass. */
export function observationsOf(overpass: Overpass): SwotObservation[] {
  return SWOT.overpassTimes(overpass.secondsIntoCycle, SWOT_PERIOD.fromMs, SWOT_PERIOD.toMs).map(
    ({ cycle, ms }) => ({ overpass, cycle, ms }),
  );
}

/** Whether a signed cross-track distance falls in one of the two KaRIn swaths. */
export function inSwath(crossTrackKm: number): boolean {
  const d = Math.abs(crossTrackKm);
  return d >= SWOT_SWATH_KM.inner && d <= SWOT_SWATH_KM.outer;
}

export function swotPlatformProperties(overpass: Overpass): Record<string, unknown> {
  return {
    platform: 'swot',
    // STAC common metadata `mission`: the mission the platform serves.
    mission: 'swot',
    instruments: ['karin'],
    'sat:orbit_state': overpass.ascending ? 'ascending' : 'descending',
    'sat:relative_orbit': overpass.relativeOrbit,
  };
}
