import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

const DOUBLE_COUNTED = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * prom-client's process and Node.js metrics (CPU, memory, event loop lag, GC). They describe
 * the process, not an app, so they are collected once per process however many apps it
 * builds (tests build dozens) and merged into each app's exposition at scrape time.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters, which `promtool check metrics` rejects; their per-type
    // gauges (nodejs_active_handles{type}, …) stay, and sum to the same number.
    for (const name of DOUBLE_COUNTED) processRegistry.removeSingleMetric(name);
  }
  return processRegistry;
}
