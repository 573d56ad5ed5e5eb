import amqp, { type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
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
  /** A pino (fastify) logger. */
  log: FastifyBaseLogger;
  /** Events kept while the broker is away; beyond, the oldest are dropped (and logged). 10 000. */
  maxPending?: number;
  /** Events sent and not yet confirmed by the broker at any time. 100. */
  maxInFlight?: number;
  /** The pause before reconnecting, doubled (with jitter) up to `maxDelayMs`. 200 ms, 10 s. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** How long `close` waits for the broker to confirm what is left. 2 s. */
  closeTimeoutMs?: number;
}

interface Outgoing {
  key: string;
  id: string;
  type: string;
  body: Buffer;
  /** Which publication of it the broker is to confirm; undefined while it waits to be sent. */
  attempt: number | undefined;
  confirmed: boolean;
}

/**
 * Job events on AMQP 0-9-1 (RabbitMQ) with amqplib: persistent messages on a durable topic
 * exchange, on a confirm channel, each kept until the broker confirms it. amqplib's own
 * connection recovery reconnects with a growing pause; while the broker is away, events wait in
 * a bounded queue (the oldest dropped, with a warning) and go out in order once it is back.
 * Delivery is at least once: events in flight when the connection broke are sent again, with
 * the same `messageId`. An event the broker refuses (a nack: say a consumer's full queue that
 * rejects publishes) is logged and dropped, so that it cannot hold back every later one.
 */
export class AmqpJobEvents implements JobEvents {
  /** Confirmed events leave from the front; `[0, cursor)` were sent, `[cursor, …)` wait. */
  private readonly queue: Outgoing[] = [];
  private cursor = 0;
  private inFlight = 0;
  private attempts = 0;
  private connection: Promise<RecoveringChannelModel | undefined> | undefined;
  private channel: ConfirmChannel | undefined;
  private closing = false;
  /** Events dropped since the broker went away (reported once it is back). */
  private dropped = 0;
  private readonly drained: (() => void)[] = [];

  constructor(private readonly options: AmqpJobEventsOptions) {}

  /** Connects in the background (and keeps reconnecting); events published before then wait. */
  start(): void {
    if (this.connection || this.closing) return;
    const { log, reconnect } = this.options;
    this.connection = amqp
      .connect(this.options.url, {
        recovery: {
          waitForConnect: false,
          initialDelay: reconnect?.initialDelayMs ?? 200,
          maxDelay: reconnect?.maxDelayMs ?? 10_000,
          setup: (model: ChannelModel) => this.setUp(model),
        },
      })
      .then((connection) => {
        connection.on('connect', () => {
          log.info({ exchange: this.options.exchange }, 'job events on AMQP');
          if (this.dropped > 0) {
            log.warn({ dropped: this.dropped }, 'AMQP broker back; job events were dropped');
            this.dropped = 0;
          }
          this.send();
        });
        connection.on('disconnect', (error: Error) =>
          log.warn({ err: error, pending: this.queue.length }, 'AMQP broker lost; reconnecting'),
        );
        connection.on('connect-failed', (error: Error) =>
          log.debug({ err: error }, 'AMQP broker not reachable'),
        );
        // Said at the first attempt and every tenth, with the reason (a refused password, an
        // exchange of another type…), so that a broker away for hours does not flood the log.
        connection.on('reconnect-scheduled', ({ attempt, delay, error }) => {
          if (attempt === 1 || attempt % 10 === 0)
            log.warn(
              { err: error, attempt, delayMs: delay, pending: this.queue.length },
              'AMQP broker not reachable; retrying',
            );
        });
        connection.on('error', (error: Error) => log.warn({ err: error }, 'AMQP connection error'));
        return connection;
      })
      .catch((error: unknown) => {
        // Not expected: without `waitForConnect` amqplib resolves at once and retries every
        // failure itself (a malformed URL included, reported by `reconnect-scheduled`).
        log.error({ err: error }, 'job events on AMQP cannot start');
        return undefined;
      });
  }

  publish(job: Job): void {
    if (this.closing) return;
    try {
      const event = jobEvent(job, this.options.baseUrl);
      this.queue.push({
        key: routingKey(job),
        id: event.id,
        type: event.type,
        body: Buffer.from(JSON.stringify(event)),
        attempt: undefined,
        confirmed: false,
      });
      this.bound();
      this.send();
    } catch (error) {
      this.options.log.error({ err: error, job: job.id }, 'job event not published');
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const connection = await this.connection;
    if (this.queue.length > 0 && connection) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.drained.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 2000);
        }),
      ]);
      clearTimeout(timer);
    }
    if (this.queue.length > 0)
      this.options.log.warn({ unsent: this.queue.length }, 'job events not sent before closing');
    this.channel = undefined;
    await connection?.close().catch(() => {});
  }

  /** Events not confirmed by the broker yet (for tests and health). */
  get backlog(): number {
    return this.queue.length;
  }

  /** Run by amqplib after every (re)connection, before it counts as connected. */
  private async setUp(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) =>
      this.options.log.warn({ err: error }, 'AMQP channel error'),
    );
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.rewind();
      // The channel alone closed (say the exchange was deleted): a new connection sets it up
      // again. When the connection itself is gone, this does nothing.
      model.close().catch(() => {});
    });
    await channel.assertExchange(this.options.exchange, 'topic', { durable: true });
    this.channel = channel;
  }

  /** Keeps the queue bounded: the oldest event not on the wire goes. */
  private bound(): void {
    const max = this.options.maxPending ?? 10_000;
    while (this.queue.length > max && this.cursor < this.queue.length) {
      this.queue.splice(this.cursor, 1);
      this.dropped += 1;
      if (this.dropped === 1 || this.dropped % 1000 === 0)
        this.options.log.warn(
          { dropped: this.dropped, kept: max },
          'AMQP broker away: oldest job events dropped',
        );
    }
  }

  /** Sends waiting events, in order, while the window of unconfirmed ones has room. */
  private send(): void {
    const channel = this.channel;
    if (!channel) return;
    const window = Math.max(
      1,
      Math.min(this.options.maxInFlight ?? 100, this.options.maxPending ?? 10_000),
    );
    while (this.channel === channel && this.inFlight < window && this.cursor < this.queue.length) {
      const next = this.queue[this.cursor] as Outgoing;
      const attempt = ++this.attempts;
      try {
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
          (error: unknown) => this.settle(next, attempt, channel, error),
        );
      } catch (error) {
        if ((error as Error).name === 'IllegalOperationError') return; // closing: `rewind` follows
        // A message amqplib cannot encode will never go: dropped, not retried forever.
        this.options.log.error({ err: error, event: next.id }, 'job event cannot be sent');
        this.queue.splice(this.cursor, 1);
        continue;
      }
      next.attempt = attempt;
      this.inFlight += 1;
      this.cursor += 1;
    }
  }

  /** The broker's answer to one publication. */
  private settle(event: Outgoing, attempt: number, channel: ConfirmChannel, error: unknown): void {
    if (event.attempt !== attempt) return;
    if (error) {
      // amqplib fails every unconfirmed publication when the channel closes, before its `close`
      // listeners (ours rewinds): left to that. A nack on a channel still open is a refusal.
      setImmediate(() => {
        if (event.attempt !== attempt || this.channel !== channel) return;
        this.options.log.warn(
          { event: event.id, key: event.key },
          'AMQP broker refused a job event',
        );
        event.confirmed = true;
        this.confirmed();
      });
      return;
    }
    event.confirmed = true;
    this.confirmed();
  }

  private confirmed(): void {
    this.inFlight -= 1;
    while (this.queue[0]?.confirmed) {
      this.queue.shift();
      this.cursor -= 1;
    }
    if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    this.send();
  }

  /** The channel is gone: what it had not confirmed waits to be sent again, in order. */
  private rewind(): void {
    const sent = this.queue.slice(0, this.cursor).filter((e) => !e.confirmed);
    for (const event of sent) event.attempt = undefined;
    this.queue.splice(0, this.cursor, ...sent);
    this.cursor = 0;
    this.inFlight = 0;
    this.bound();
  }
}
