import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/processing/backends/docker/docker-backend.js';
import { AmqpJobEvents } from '../../src/processing/events/amqp-job-events.js';
import type { Job } from '../../src/processing/jobs/job.js';
import { JobRunner } from '../../src/processing/jobs/job-runner.js';
import { JobStore } from '../../src/processing/jobs/job-store.js';
import { BUILTIN_PROCESSES } from '../../src/processing/processes/index.js';
import { ProcessRegistry } from '../../src/processing/processes/process-registry.js';
import { startPodmanService, startRabbitMq } from '../../src/testing/index.js';

const BASE = 'http://styx.test/services/processing/';
const log = pino({ level: 'silent' });

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

  /** A durable queue bound to the exchange with `pattern`, and what arrives on it. */
  async function subscribe(queue: string, pattern: string) {
    const received: ConsumeMessage[] = [];
    await channel.assertExchange('styx.jobs', 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, 'styx.jobs', pattern);
    await channel.consume(queue, (m) => {
      if (m) {
        received.push(m);
        channel.ack(m);
      }
    });
    return received;
  }
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!check()) throw new Error(`never: ${what}`);
  };
  const body = (m: ConsumeMessage) => JSON.parse(m.content.toString());

  beforeAll(async () => {
    broker = await startRabbitMq();
    consumer = await amqp.connect(broker.url);
    channel = await consumer.createChannel();
  });
  afterAll(async () => {
    await consumer?.close().catch(() => {});
    await broker?.dispose();
  });

  it("delivers a user's job events in order, persistent, as CloudEvents, and nobody else's", async () => {
    const ada = await subscribe('ada-events', 'job.ada.*');
    const events = new AmqpJobEvents({
      url: broker.url,
      exchange: 'styx.jobs',
      baseUrl: BASE,
      log,
    });
    events.start();
    const j = job('ada', 'accepted');
    events.publish(j);
    events.publish({ ...j, status: 'running', progress: 30 });
    events.publish({ ...j, status: 'successful', progress: 100 });
    events.publish(job('bob', 'running'));
    events.publish(job('ada.x', 'running'));
    await until(() => ada.length >= 3 && events.backlog === 0, "ada's three events");
    await new Promise((r) => setTimeout(r, 300));
    expect(ada.map((m) => m.fields.routingKey)).toEqual([
      'job.ada.accepted',
      'job.ada.running',
      'job.ada.successful',
    ]);
    const last = body(ada[2] as ConsumeMessage);
    expect(last).toMatchObject({
      specversion: '1.0',
      type: 'org.styx.job.successful',
      source: BASE,
      subject: j.id,
      data: { jobID: j.id, status: 'successful', progress: 100, owner: 'ada' },
    });
    expect(ada[2]?.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/cloudevents+json',
      messageId: last.id,
    });
    await events.close();
  });

  it('keeps names with dots, stars and hashes from matching anyone else', async () => {
    const star = await subscribe('star-events', 'job.*.running');
    const hash = await subscribe('hash-events', 'job.a.#');
    const events = new AmqpJobEvents({
      url: broker.url,
      exchange: 'styx.jobs',
      baseUrl: BASE,
      log,
    });
    events.start();
    for (const owner of ['a.b', 'a.*', '#', 'a']) events.publish(job(owner, 'running'));
    await until(() => star.length >= 4 && events.backlog === 0, 'four running events');
    await new Promise((r) => setTimeout(r, 300));
    // Each owner is one word of the key: `job.*.running` sees all four, `job.a.#` only `a`'s.
    expect(star.map((m) => m.fields.routingKey)).toEqual([
      'job.a%2eb.running',
      'job.a%2e%2a.running',
      'job.%23.running',
      'job.a.running',
    ]);
    expect(hash.map((m) => body(m).data.owner)).toEqual(['a']);
    await events.close();
  });

  it('keeps the events of a broker outage and delivers them once it is back', async () => {
    const during = await subscribe('outage-events', 'job.carol.*');
    const events = new AmqpJobEvents({
      url: broker.url,
      exchange: 'styx.jobs',
      baseUrl: BASE,
      log,
    });
    events.start();
    const j = job('carol', 'accepted');
    events.publish(j);
    await until(() => during.length === 1, 'the first event');
    await consumer.close().catch(() => {});
    await broker.stop();
    // The broker is gone: publishing neither throws nor blocks.
    for (const progress of [10, 20, 30]) events.publish({ ...j, status: 'running', progress });
    await new Promise((r) => setTimeout(r, 500));
    expect(events.backlog).toBeGreaterThanOrEqual(3);
    await broker.restart();
    consumer = await amqp.connect(broker.url);
    channel = await consumer.createChannel();
    const after: ConsumeMessage[] = [];
    await channel.consume('outage-events', (m) => {
      if (m) {
        after.push(m);
        channel.ack(m);
      }
    });
    await until(() => events.backlog === 0 && after.length >= 3, 'the three events of the outage');
    const progresses = after.map((m) => body(m).data.progress);
    // At least once, in order: each of the three, none missing.
    expect([...new Set(progresses)]).toEqual([10, 20, 30]);
    await events.close();
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
    const events = new AmqpJobEvents({
      url: broker.url,
      exchange: 'styx.jobs',
      baseUrl: BASE,
      log,
    });
    events.start();
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
});
