import { describe, expect, it } from 'vitest';
import { jobEvent, routingKey } from '../../src/processing/events/job-events.js';
import type { Job } from '../../src/processing/jobs/job.js';

const job = {
  id: 'f00d0000-0000-4000-8000-000000000001',
  owner: 'ada',
  processId: 'river-level-statistics',
  status: 'running',
  message: null,
  progress: 30,
  inputs: {},
  outputs: null,
  resultItem: null,
  processPackage: null,
  backend: 'docker',
  backendRef: 'c1',
  created: '2026-11-22T10:00:00.000Z',
  started: '2026-11-22T10:00:01.000Z',
  finished: null,
  updated: '2026-11-22T10:00:05.000Z',
} satisfies Job;

describe('job events', () => {
  it('are CloudEvents carrying the OGC status of the job, with an id stable for one state', () => {
    const event = jobEvent(job, 'http://p/');
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'org.styx.job.running',
      source: 'http://p/',
      subject: job.id,
      time: job.updated,
      data: { jobID: job.id, status: 'running', progress: 30, owner: 'ada' },
    });
    expect(jobEvent(job, 'http://p/').id).toBe(event.id);
    expect(jobEvent({ ...job, progress: 40 }, 'http://p/').id).not.toBe(event.id);
  });

  it('are routed by owner and status, the owner always one word of the key', () => {
    expect(routingKey(job)).toBe('job.ada.running');
    expect(routingKey({ owner: 'a.b*#%', status: 'failed' })).toBe('job.a%2eb%2a%23%25.failed');
    expect(routingKey({ owner: 'ada.running', status: 'failed' }).split('.')).toHaveLength(3);
  });
});
