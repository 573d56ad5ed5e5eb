import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { freePort, startPodmanService, startRabbitMq } from '@styx/testing';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import { AmqpJobEvents, type AmqpJobEventsOptions } from '../../src/events/amqp-job-events.js';
import { ownerWord } from '../../src/events/job-events.js';
import type { Job } from '../../src/jobs/job.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import { BUILTIN_PROCESSES } from '../../src/processes/index.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';

const BASE = 'http://styx.test/services/processing/';
const log = pino({ level: 'silent' });

/** A pino logger whose lines the test reads. */
function recordingLog() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

const job = (owner: string, status: Job['status'], progress: number | null = null): Job => ({
  id: `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
  owner,
  processId: 'river-level-statistics',
  status,
  message: null,
  progress,
  inputs: {},
  outputs: null,
  resultItem: null,
  traceParent: null,
  processPackage: null,
  backend: 'docker',
  backendRef: null,
  created: '2026-11-22T10:00:00.000Z',
  started: null,
  finished: null,
  updated: new Date().toISOString(),
});

/** Job events on a real RabbitMQ (Debian's, started privately by scripts/rabbitmq.sh). */
describe('job events on AMQP', () => {
  let broker: Awaited<ReturnType<typeof startRabbitMq>>;
  let consumer: ChannelModel;
  let channel: Channel;
  const publishers: AmqpJobEvents[] = [];

  const publisher = (options: Partial<AmqpJobEventsOptions> = {}) => {
    const events = new AmqpJobEvents({
      url: broker.url,
      exchange: 'styx.jobs',
      baseUrl: BASE,
      log,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      ...options,
    });
    publishers.push(events);
    events.start();
    return events;
  };

  async function connectConsumer() {
    consumer = await amqp.connect(broker.url);
    channel = await consumer.createChannel();
    await channel.assertExchange('styx.jobs', 'topic', { durable: true });
  }

  /** What arrives on durable queue `queue` (bound with `pattern` when given). */
  async function subscribe(queue: string, pattern?: string) {
    const received: ConsumeMessage[] = [];
    await channel.assertQueue(queue, { durable: true });
    if (pattern) await channel.bindQueue(queue, 'styx.jobs', pattern);
    await channel.consume(queue, (m) => {
      if (m) {
        received.push(m);
        channel.ack(m);
      }
    });
    return received;
  }
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!check()) throw new Error(`never: ${what}`);
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const body = (m: ConsumeMessage) => JSON.parse(m.content.toString());

  beforeAll(async () => {
    broker = await startRabbitMq();
    await connectConsumer();
  });
  afterAll(async () => {
    for (const events of publishers) await events.close();
    await consumer?.close().catch(() => {});
    await broker?.dispose();
  });

  it("delivers a user's job events in order, persistent, confirmed, as CloudEvents, and nobody else's", async () => {
    const ada = await subscribe('ada-events', 'job.ada.*');
    const events = publisher();
    const j = job('ada', 'accepted');
    events.publish(j);
    events.publish({ ...j, status: 'running', progress: 30, started: j.created });
    events.publish({ ...j, status: 'failed', progress: 30, message: 'exit code 1' });
    events.publish(job('bob', 'running'));
    events.publish(job('ada.x', 'running'));
    events.publish(job('adam', 'running'));
    // Everything confirmed by the broker: nothing is left to send.
    await events.close();
    expect(events.backlog).toBe(0);
    await until(() => ada.length >= 3, "ada's three events");
    await pause(300);
    expect(ada.map((m) => m.fields.routingKey)).toEqual([
      'job.ada.accepted',
      'job.ada.running',
      'job.ada.failed',
    ]);
    const last = body(ada[2] as ConsumeMessage);
    expect(last).toEqual({
      specversion: '1.0',
      id: expect.any(String),
      type: 'org.styx.job.failed',
      source: BASE,
      subject: j.id,
      time: j.updated,
      datacontenttype: 'application/json',
      data: expect.objectContaining({
        type: 'process',
        jobID: j.id,
        processID: 'river-level-statistics',
        status: 'failed',
        progress: 30,
        message: 'exit code 1',
        created: j.created,
        updated: j.updated,
        owner: 'ada',
      }),
    });
    expect(last.data.links).toContainEqual(
      expect.objectContaining({ rel: 'self', href: `${BASE}jobs/${j.id}` }),
    );
    expect(ada[2]?.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/cloudevents+json',
      messageId: last.id,
      type: 'org.styx.job.failed',
    });
    expect(new Set(ada.map((m) => m.properties.messageId)).size).toBe(3);
  });

  it('keeps names with dots, stars and hashes from matching anyone else', async () => {
    const star = await subscribe('star-events', 'job.*.running');
    const a = await subscribe('a-events', `job.${ownerWord('a')}.*`);
    const hash = await subscribe('hash-events', 'job.a.#');
    const aStar = await subscribe('a-star-events', `job.${ownerWord('a.*')}.*`);
    const events = publisher();
    // `.2d` and `⸭` (U+2E2D) would share a word if characters, not UTF-8 bytes, were encoded.
    const owners = ['a.b', 'a.*', '#', 'a', '*', 'a.#', '.2d', '\u2e2d', 'ä'];
    for (const owner of owners) events.publish(job(owner, 'running'));
    await events.close();
    await until(() => star.length >= owners.length, 'every running event');
    await pause(300);
    // Each owner is one word of the key: `job.*.running` sees them all, each under its own word.
    const keys = star.map((m) => m.fields.routingKey);
    expect(keys).toEqual(owners.map((o) => `job.${ownerWord(o)}.running`));
    expect(new Set(keys).size).toBe(owners.length);
    expect(star.map((m) => body(m).data.owner)).toEqual(owners);
    // `a` sees only `a`, whatever the others are called; `a.*` only `a.*`.
    expect(a.map((m) => body(m).data.owner)).toEqual(['a']);
    expect(hash.map((m) => body(m).data.owner)).toEqual(['a']);
    expect(aStar.map((m) => body(m).data.owner)).toEqual(['a.*']);
  });

  it('keeps the events of a broker restart, in order, and delivers them once it is back', async () => {
    const carol = await subscribe('carol-events', 'job.carol.*');
    const erin = await subscribe('erin-events', 'job.erin.*');
    const carolLog = recordingLog();
    const erinLog = recordingLog();
    const steady = publisher({ log: carolLog.logger });
    // A small queue for erin: a long outage drops the oldest of her events, saying so.
    const small = publisher({ log: erinLog.logger, maxPending: 5 });
    const j = job('carol', 'running');
    let n = 0;
    let publishing = true;
    // The runner goes on publishing as if nothing happened: every 20 ms, through the outage.
    const loop = (async () => {
      while (publishing) {
        n += 1;
        expect(() => steady.publish({ ...j, progress: n })).not.toThrow();
        await pause(20);
      }
    })();
    await until(() => carol.length >= 10, 'the first events');
    await consumer.close().catch(() => {});
    await broker.stop();
    const atStop = n;
    const e = job('erin', 'running');
    for (let p = 1; p <= 20; p++) small.publish({ ...e, progress: p });
    await pause(500);
    expect(small.backlog).toBe(5);
    expect(erinLog.warnings()).toContain('AMQP broker away: oldest job events dropped');
    expect(steady.backlog).toBeGreaterThan(0);
    await broker.restart();
    await until(() => n > atStop + 60, 'publishing after the restart');
    publishing = false;
    await loop;
    await until(() => steady.backlog === 0 && small.backlog === 0, 'every event confirmed');

    await connectConsumer();
    const carolAfter = await subscribe('carol-events');
    const erinAfter = await subscribe('erin-events');
    await until(
      () =>
        [...carol, ...carolAfter].some((m) => body(m).data.progress === n) && erinAfter.length >= 5,
      'the last events',
    );
    await pause(500);
    const progresses = [...carol, ...carolAfter].map((m) => body(m).data.progress as number);
    // At least once: every event arrives; in order: each first arrives after those before it.
    const firsts = [...new Set(progresses)];
    expect(firsts).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Only what was in flight when the broker went may come twice.
    expect(progresses.length - firsts.length).toBeLessThanOrEqual(100);
    expect(carolLog.warnings()).toContain('AMQP broker lost; reconnecting');
    // Erin's newest five, nothing older.
    expect([...erin, ...erinAfter].map((m) => body(m).data.progress)).toEqual([16, 17, 18, 19, 20]);
    expect(erinLog.warnings()).toContain('AMQP broker back; job events were dropped');
  });

  it('never throws or waits when there is no broker at all, and closes all the same', async () => {
    const nowhere = `amqp://styx:x@127.0.0.1:${await freePort()}`;
    const recorded = recordingLog();
    const events = publisher({ url: nowhere, log: recorded.logger, maxPending: 100 });
    const began = Date.now();
    for (let p = 0; p < 1000; p++)
      expect(() => events.publish(job('frank', 'running', p % 100))).not.toThrow();
    // A job whose fields cannot become JSON is logged, not thrown.
    const broken = { ...job('frank', 'running'), progress: 1n as unknown as number };
    expect(() => events.publish(broken)).not.toThrow();
    expect(recorded.lines.map((l) => l.msg)).toContain('job event not published');
    expect(Date.now() - began).toBeLessThan(2000);
    expect(events.backlog).toBe(100);
    await pause(500);
    expect(recorded.warnings()).toContain('AMQP broker not reachable; retrying');
    await events.close();
    expect(recorded.warnings()).toContain('job events not sent before closing');
  });

  it("tells the broker each step of a real job's life on podman", async () => {
    const seen = await subscribe('runner-events', 'job.dora.*');
    const podman = await startPodmanService();
    const files: Server = createServer((_req, res) =>
      res.writeHead(200).end('date,water_level_m\n2024-01-01,1\n2024-01-02,3\n'),
    );
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const csv = `http://127.0.0.1:${(files.address() as AddressInfo).port}/g.csv`;
    const dir = await mkdtemp(join(tmpdir(), 'styx-amqp-jobs-'));
    const db = await PGlite.create();
    const events = publisher();
    try {
      const store = new JobStore(db);
      await store.migrate();
      const registry = new ProcessRegistry(db, BUILTIN_PROCESSES);
      await registry.load();
      const runner = new JobRunner({
        store,
        backend: DockerBackend.connect(podman.host),
        registry,
        events,
        workDir: dir,
        maxUnfinishedPerUser: 2,
        inputLocations: [csv],
        pollMs: 200,
        log,
      });
      const { job: submitted } = await runner.execute(
        'dora',
        registry.get('river-level-statistics') as never,
        { series: csv },
      );
      const done = await runner.waitFor(submitted.id, 60_000);
      expect(done.status).toBe('successful');
      await until(
        () => seen.some((m) => m.fields.routingKey === 'job.dora.successful'),
        'the successful event',
      );
      const statuses = seen.map((m) => body(m).data.status);
      expect(statuses[0]).toBe('accepted');
      expect(statuses).toContain('running');
      expect(statuses.at(-1)).toBe('successful');
      expect(body(seen.at(-1) as ConsumeMessage).data.links).toContainEqual(
        expect.objectContaining({ rel: 'http://www.opengis.net/def/rel/ogc/1.0/results' }),
      );
    } finally {
      await events.close();
      await db.close();
      await new Promise((resolve) => files.close(resolve));
      await podman.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is stopped by the script with nothing left running', async () => {
    await consumer.close().catch(() => {});
    await broker.stop();
    const left = (pattern: string) => {
      try {
        return execFileSync('pgrep', ['-f', pattern]).toString().trim();
      } catch {
        return ''; // pgrep exits 1 when nothing matches
      }
    };
    expect(left(`epmd .*-port ${broker.ports.epmd}( |$)`)).toBe('');
    expect(left(`beam.* -home ${broker.dir}( |$)`)).toBe('');
    await expect(amqp.connect(broker.url)).rejects.toThrow();
  });
});
