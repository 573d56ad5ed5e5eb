import type { ProcessDefinition } from './process.js';
import { riverLevelStatistics } from './river-level-statistics.js';
import { riverThresholdExceedance } from './river-threshold-exceedance.js';

export * from './process.js';

/** The processes that ship with Styx and run on the demo data. */
export const BUILTIN_PROCESSES: readonly ProcessDefinition[] = [
  riverLevelStatistics,
  riverThresholdExceedance,
];
