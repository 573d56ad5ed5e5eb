import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import type { Job } from '../jobs/job.js';
import { type JobEvents, jobEvent, routingKey } from './job-events.js';

export interface AmqpJobEventsOptions {
  /** `amqp://user:password@host:port/vhost` */
  url: string;
  /** A durable topic exchange, declared if missing. */
  exchange: string;
  /** The processing service's public URL (the events' `source`). */
  baseUrl: string;
  log: FastifyBaseLogger;
  /** Events kept while the broker is away; beyond, the oldest are dropped (and logged). */
  maxPending?: number;
}

interface Pending {
  key: string;
  id: string;
  type: string;
  body: Buffer;
}

/**
 * Job events on AMQP 0-9-1 (RabbitMQ) with amqplib: persistent messages on a durable topic
 * exchange, each kept until the broker confirms it. While the broker is away, events wait in a
 * bounded queue and go out in order once it is back (reconnecting with a doubling pause): at
 * least once, each with a stable `messageId`.
 */
export class AmqpJobEvents implements JobEvents {
  private readonly pending: Pending[] = [];
  private model: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;
  private flushing: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delayMs = 200;
  private closed = false;
  private dropped = 0;

  constructor(private readonly options: AmqpJobEventsOptions) {}

  /** Connects in the background; events published before then wait. */
  start(): void {
    void this.connect();
  }

  publish(job: Job): void {
    const event = jobEvent(job, this.options.baseUrl);
    this.pending.push({
      key: routingKey(job),
      id: event.id,
      type: event.type,
      body: Buffer.from(JSON.stringify(event)),
    });
    const max = this.options.maxPending ?? 10_000;
    if (this.pending.length > max) {
      this.pending.splice(0, this.pending.length - max);
      this.dropped += 1;
      if (this.dropped === 1 || this.dropped % 1000 === 0)
        this.options.log.warn(
          { dropped: this.dropped },
          'AMQP broker away: oldest job events dropped',
        );
    }
    void this.flush();
  }

  /** Sends what it can (a second at most), then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await Promise.race([this.flush(), new Promise((r) => setTimeout(r, 1000))]);
    const model = this.model;
    this.model = undefined;
    this.channel = undefined;
    await model?.close().catch(() => {});
  }

  /** Events not confirmed by the broker yet (for tests and health). */
  get backlog(): number {
    return this.pending.length;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const model = await amqp.connect(this.options.url);
      const channel = await model.createConfirmChannel();
      await channel.assertExchange(this.options.exchange, 'topic', { durable: true });
      model.on('error', (error: Error) =>
        this.options.log.warn({ err: error }, 'AMQP connection error'),
      );
      model.on('close', () => {
        if (this.model !== model) return;
        this.model = undefined;
        this.channel = undefined;
        this.options.log.warn('AMQP broker connection lost; reconnecting');
        this.scheduleReconnect();
      });
      this.model = model;
      this.channel = channel;
      this.delayMs = 200;
      this.options.log.info({ exchange: this.options.exchange }, 'job events on AMQP');
      void this.flush();
    } catch (error) {
      this.options.log.warn({ err: error }, 'AMQP broker not reachable; retrying');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.delayMs);
    this.reconnectTimer.unref();
    this.delayMs = Math.min(this.delayMs * 2, 10_000);
  }

  /** Publishes waiting events in order, each removed only once the broker confirmed it. */
  private flush(): Promise<void> {
    if (!this.flushing) {
      // Set before the loop runs, cleared after it ends: one loop at a time.
      this.flushing = this.sendPending().finally(() => {
        this.flushing = undefined;
        // An event published while the loop was ending goes out too.
        if (this.channel && this.pending.length > 0) void this.flush();
      });
    }
    return this.flushing;
  }

  private async sendPending(): Promise<void> {
    await Promise.resolve();
    for (;;) {
      const channel = this.channel;
      const next = this.pending[0];
      if (!channel || !next) return;
      try {
        await new Promise<void>((resolve, reject) =>
          channel.publish(
            this.options.exchange,
            next.key,
            next.body,
            {
              persistent: true,
              contentType: 'application/cloudevents+json',
              messageId: next.id,
              type: next.type,
              timestamp: Math.floor(Date.now() / 1000),
            },
            (error) => (error ? reject(error) : resolve()),
          ),
        );
      } catch {
        // Not confirmed (the connection went): kept, sent again after reconnecting.
        return;
      }
      if (this.pending[0] === next) this.pending.shift();
    }
  }
}
