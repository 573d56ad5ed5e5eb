import { describe, expect, it } from 'vitest';
import { jobEvent, ownerWord, routingKey } from '../../src/events/job-events.js';
import type { Job } from '../../src/jobs/job.js';

const job = {
  id: 'f00d0000-0000-4000-8000-000000000001',
  owner: 'ada',
  processId: 'river-level-statistics',
  status: 'running',
  message: 'reading the series',
  progress: 30,
  inputs: { series: 'http://secret.example/g.csv' },
  outputs: null,
  resultItem: null,
  traceParent: null,
  processPackage: null,
  backend: 'docker',
  backendRef: 'c1',
  created: '2026-11-22T10:00:00.000Z',
  started: '2026-11-22T10:00:01.000Z',
  finished: null,
  updated: '2026-11-22T10:00:05.000Z',
} satisfies Job;

describe('job events', () => {
  it('are CloudEvents carrying the OGC status of the job and its owner', () => {
    const event = JSON.parse(JSON.stringify(jobEvent(job, 'http://p/')));
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.any(String),
      type: 'org.styx.job.running',
      source: 'http://p/',
      subject: job.id,
      time: job.updated,
      datacontenttype: 'application/json',
      data: {
        type: 'process',
        jobID: job.id,
        processID: 'river-level-statistics',
        status: 'running',
        progress: 30,
        message: 'reading the series',
        created: job.created,
        started: job.started,
        updated: job.updated,
        owner: 'ada',
        links: expect.arrayContaining([
          { rel: 'self', type: 'application/json', href: `http://p/jobs/${job.id}` },
        ]),
      },
    });
    // Neither the inputs nor the backend's reference go out to every subscriber.
    expect(JSON.stringify(event)).not.toContain('secret.example');
    expect(JSON.stringify(event)).not.toContain('"c1"');
  });

  it('name a finished job its results and finish time', () => {
    const done = jobEvent(
      { ...job, status: 'successful', progress: 100, finished: '2026-11-22T10:01:00.000Z' },
      'http://p/',
    );
    expect(done.type).toBe('org.styx.job.successful');
    expect(done.data).toMatchObject({ status: 'successful', finished: '2026-11-22T10:01:00.000Z' });
    expect(done.data.links.map((l) => l.rel)).toContain(
      'http://www.opengis.net/def/rel/ogc/1.0/results',
    );
  });

  it('have an id stable for one state of one job, and new for the next', () => {
    const event = jobEvent(job, 'http://p/');
    expect(jobEvent({ ...job }, 'http://p/').id).toBe(event.id);
    expect(jobEvent({ ...job, progress: 40 }, 'http://p/').id).not.toBe(event.id);
    expect(jobEvent({ ...job, status: 'failed' }, 'http://p/').id).not.toBe(event.id);
    expect(jobEvent({ ...job, updated: '2026-11-22T10:00:06.000Z' }, 'http://p/').id).not.toBe(
      event.id,
    );
  });

  it('are routed by owner and status, the owner always one word of the key', () => {
    expect(routingKey(job)).toBe('job.ada.running');
    expect(routingKey({ owner: 'a.b*#%', status: 'failed' })).toBe('job.a%2eb%2a%23%25.failed');
    for (const owner of ['ada.running', 'a.#', '*', '#', 'x y', 'ä.ö', '~abc', '']) {
      const words = routingKey({ owner, status: 'failed' }).split('.');
      expect(words).toHaveLength(3);
      expect(words[1]).toMatch(/^[A-Za-z0-9_%~-]*$/);
    }
  });

  it('give different owners different words', () => {
    // Encoding characters rather than UTF-8 bytes would give `.2d` and U+2E2D the same word.
    const owners = ['.2d', '\u2e2d', 'a.b', 'a%2eb', 'a_b', 'a-b', 'A', 'a', 'ä', '%c3%a4'];
    const words = owners.map(ownerWord);
    expect(new Set(words).size).toBe(owners.length);
    expect(ownerWord('ä')).toBe('%c3%a4');
  });

  it('keep a routing key short enough for AMQP whatever the name', () => {
    const long = 'é'.repeat(300);
    const key = routingKey({ owner: long, status: 'accepted' });
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(255);
    expect(key).toMatch(/^job\.~[0-9a-f]{64}\.accepted$/);
    expect(ownerWord(`${long}x`)).not.toBe(ownerWord(long));
    // A name that fits is never turned into a digest.
    expect(ownerWord('a'.repeat(200))).toBe('a'.repeat(200));
  });
});
