import type { Job } from '../../src/jobs/job.js';

/**
 * A running job of the `series-summary` CWL fixture on a catalog item's CSV asset, as the store
 * holds it: what the result tests publish, with the id, owner and progress each one needs.
 */
export function seriesJob(fields: Pick<Job, 'id' | 'owner' | 'progress'>): Job {
  return {
    processId: 'series-summary',
    status: 'running',
    message: null,
    inputs: { series: { href: 'http://c/files/g.csv', 'styx:item': 'http://c/items/g' } },
    outputs: null,
    resultItem: null,
    traceParent: null,
    processPackage: null,
    backend: 'docker',
    backendRef: 'x',
    created: '2026-11-22T10:00:00.000Z',
    started: '2026-11-22T10:00:01.000Z',
    finished: null,
    updated: '2026-11-22T10:00:02.000Z',
    ...fields,
  };
}
