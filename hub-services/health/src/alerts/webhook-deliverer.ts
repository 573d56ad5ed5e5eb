import { traceUrlFor } from '@styx/tracing';
import type { Logger } from 'pino';
import type { DueDelivery, HealthStore } from '../history/health-store.js';
import { describeError } from '../probes/run-probe.js';
import { retryDelayMs, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export interface WebhookDelivererOptions {
  store: HealthStore;
  secret: string;
  /** Attempts per alert before it is given up (logged). */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often the outbox is looked at when nothing woke the deliverer. */
  pollMs: number;
  timeoutMs: number;
  /** Where receivers can see the incident (the health page). */
  healthUrl: string;
  /** The trace UI's address of a trace (`{traceId}`): the failure's trace as a link. */
  traceUrl?: string | undefined;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  fetch?: typeof fetch;
}

/** The JSON body a receiver gets. */
export function webhookBody(
  delivery: DueDelivery,
  healthUrl: string,
  traceUrl?: string | undefined,
): string {
  const i = delivery.incident;
  const trace = traceUrlFor(traceUrl, i.traceId);
  return JSON.stringify({
    event: delivery.event,
    deliveryId: delivery.id,
    incident: {
      id: i.id,
      probe: i.probeId,
      component: i.component,
      description: i.description,
      openedAt: i.openedAt.toISOString(),
      closedAt: i.closedAt?.toISOString() ?? null,
      message: i.message ?? null,
      traceId: i.traceId ?? null,
    },
    links: [
      { rel: 'status', href: healthUrl },
      ...(trace ? [{ rel: 'trace', href: trace, title: 'the failing check, traced' }] : []),
    ],
  });
}

/**
 * Sends the queued alerts (the outbox in the history), each signed with HMAC-SHA256 and retried
 * with exponential backoff until the receiver answers 2xx. Alerts survive restarts: what was
 * not delivered is sent by the next run; a delivered one is never sent again.
 */
export class WebhookDeliverer {
  readonly #o: WebhookDelivererOptions;
  readonly #fetch: typeof fetch;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: WebhookDelivererOptions) {
    this.#o = options;
    this.#fetch = options.fetch ?? fetch;
  }

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#pass;
  }

  /** Looks at the outbox now (an alert was just queued). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#pass = this.#deliverDue()
      .catch((error) => this.#o.log.error({ err: error }, 'webhook outbox pass failed'))
      .finally(() => {
        this.#pass = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.wake();
          return;
        }
        this.#timer = setTimeout(() => this.wake(), this.#o.pollMs);
        this.#timer.unref?.();
      });
  }

  async #deliverDue(): Promise<void> {
    const due = await this.#o.store.dueDeliveries(new Date(), this.#o.maxAttempts);
    for (const delivery of due) {
      if (this.#stopped) return;
      await this.#send(delivery);
    }
  }

  async #send(delivery: DueDelivery): Promise<void> {
    const body = webhookBody(delivery, this.#o.healthUrl, this.#o.traceUrl);
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string | undefined;
    try {
      const response = await this.#fetch(delivery.target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'styx-health',
          'styx-event': delivery.event,
          'styx-delivery': String(delivery.id),
          [SIGNATURE_HEADER]: signWebhook(this.#o.secret, body, timestamp),
        },
        body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) failure = `the receiver answered ${response.status}`;
    } catch (error) {
      failure = describeError(error);
    }
    if (!failure) {
      await this.#o.store.markDelivered(delivery.id, new Date());
      return;
    }
    const attempt = delivery.attempts + 1;
    const delay = retryDelayMs(attempt, this.#o.baseDelayMs, this.#o.maxDelayMs);
    await this.#o.store.markFailedAttempt(delivery.id, new Date(Date.now() + delay), failure);
    const last = attempt >= this.#o.maxAttempts;
    this.#o.log[last ? 'error' : 'warn'](
      { delivery: delivery.id, target: delivery.target, attempt, reason: failure },
      last ? 'webhook alert given up' : `webhook alert failed; retrying in ${delay} ms`,
    );
    // A retry due before the next poll is picked up by a timer of its own.
    if (!last && delay < this.#o.pollMs) setTimeout(() => this.wake(), delay).unref?.();
  }
}
