import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, nextProbeState, type ProbeState } from '../../src/monitor/probe-state.js';
import type { ProbeStatus } from '../../src/probes/probe.js';

const thresholds = { failuresToOpen: 3, passesToClose: 2, inMaintenance: false };

function replay(statuses: ProbeStatus[], inMaintenance = false) {
  let state: ProbeState = INITIAL_STATE;
  const transitions: string[] = [];
  let nextId = 1;
  for (const status of statuses) {
    const step = nextProbeState(state, status, { ...thresholds, inMaintenance });
    state = step.state;
    if (step.transition === 'open') state = { ...state, openIncidentId: nextId++ };
    if (step.transition === 'close') state = { ...state, openIncidentId: undefined };
    transitions.push(step.transition ?? '-');
  }
  return transitions.join(' ');
}

describe('incidents from consecutive results', () => {
  it('opens after N failures in a row and closes after M passes in a row', () => {
    expect(replay(['fail', 'fail', 'fail', 'fail', 'pass', 'pass', 'pass'])).toBe(
      '- - open - - close -',
    );
  });

  it('does not open on failures broken by a pass (flapping below the threshold)', () => {
    expect(replay(['fail', 'fail', 'pass', 'fail', 'fail', 'pass'])).toBe('- - - - - -');
  });

  it('keeps an incident open when a single pass is followed by a failure', () => {
    expect(replay(['fail', 'fail', 'fail', 'pass', 'fail', 'pass', 'pass'])).toBe(
      '- - open - - - close',
    );
  });

  it('counts a warning as working', () => {
    expect(replay(['fail', 'fail', 'fail', 'warn', 'warn'])).toBe('- - open - close');
  });

  it('opens nothing during maintenance', () => {
    expect(replay(['fail', 'fail', 'fail', 'fail'], true)).toBe('- - - -');
  });
});
