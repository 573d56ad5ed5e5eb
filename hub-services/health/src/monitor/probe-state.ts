import type { ProbeStatus } from '../probes/probe.js';

/** What the incident logic remembers of one probe between results. */
export interface ProbeState {
  consecutiveFailures: number;
  consecutivePasses: number;
  /** The open incident, if any. */
  openIncidentId: number | undefined;
}

export const INITIAL_STATE: ProbeState = {
  consecutiveFailures: 0,
  consecutivePasses: 0,
  openIncidentId: undefined,
};

export type IncidentTransition = 'open' | 'close' | undefined;

/**
 * The next state after one result, and whether an incident opens or closes. A warning counts
 * as a pass (the component works); N failures in a row open an incident unless a maintenance
 * window covers the component, M passes in a row close it. Pure, so the thresholds are tested
 * without servers.
 */
export function nextProbeState(
  state: ProbeState,
  status: ProbeStatus,
  thresholds: { failuresToOpen: number; passesToClose: number; inMaintenance: boolean },
): { state: ProbeState; transition: IncidentTransition } {
  if (status === 'fail') {
    const failures = state.consecutiveFailures + 1;
    const next = { ...state, consecutiveFailures: failures, consecutivePasses: 0 };
    const opens =
      state.openIncidentId === undefined &&
      failures >= thresholds.failuresToOpen &&
      !thresholds.inMaintenance;
    return { state: next, transition: opens ? 'open' : undefined };
  }
  const passes = state.consecutivePasses + 1;
  const next = { ...state, consecutiveFailures: 0, consecutivePasses: passes };
  const closes = state.openIncidentId !== undefined && passes >= thresholds.passesToClose;
  return { state: next, transition: closes ? 'close' : undefined };
}
