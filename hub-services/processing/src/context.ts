import type { JobRunner } from './jobs/job-runner.js';
import type { JobStore } from './jobs/job-store.js';

/**
 * What every route plugin gets: built once in app.ts and passed down as plugin options. Its own
 * module, so that routes never import the app that registers them.
 */
export interface ProcessingContext {
  store: JobStore;
  runner: JobRunner;
  /** The public URL, ending with '/'; every link is rooted here. */
  baseUrl: string;
  /** How long a synchronous execution may wait before answering (then: 201 and poll). */
  syncTimeoutMs: number;
}
