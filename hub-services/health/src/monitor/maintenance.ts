import type { MaintenanceWindow } from '../history/health-store.js';
import type { Component } from '../probes/probe.js';

/** Whether a window covers this component now (a window without a component covers all). */
export function inMaintenance(
  windows: readonly MaintenanceWindow[],
  component: Component,
  now: Date,
): MaintenanceWindow | undefined {
  return windows.find(
    (w) =>
      (w.component === undefined || w.component === component) &&
      w.startsAt.getTime() <= now.getTime() &&
      now.getTime() < w.endsAt.getTime(),
  );
}
