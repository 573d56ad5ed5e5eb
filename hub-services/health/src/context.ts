import type { HealthStore } from './history/health-store.js';
import type { HealthMonitor } from './monitor/health-monitor.js';

/**
 * What every route plugin gets: built once in app.ts and passed down as plugin options. Its own
 * module, so that routes never import the app that registers them.
 */
export interface HealthContext {
  monitor: HealthMonitor;
  store: HealthStore;
  /** The public URL, ending with '/'; every link is rooted here. */
  baseUrl: string;
  /** The trace UI's address of a trace (`{traceId}` in it), for admins' trace links. */
  traceUrl?: string | undefined;
}
