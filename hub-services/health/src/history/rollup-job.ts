import type { Logger } from 'pino';
import type { HealthStore, Retention } from './health-store.js';

/** Rolls the raw results up into hours and prunes old history, now and then every intervalMs. */
export class RollupJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly store: HealthStore,
    private readonly retention: Retention,
    private readonly intervalMs: number,
    private readonly log: Pick<Logger, 'info' | 'error'>,
  ) {}

  start(): void {
    const tick = () => {
      this.#running = this.runOnce().finally(() => {
        this.#running = undefined;
      });
    };
    tick();
    this.#timer = setInterval(tick, this.intervalMs);
    this.#timer.unref?.();
  }

  async runOnce(): Promise<void> {
    try {
      const { prunedResults } = await this.store.rollUpAndPrune(this.retention);
      if (prunedResults > 0) this.log.info({ prunedResults }, 'old raw health results pruned');
    } catch (error) {
      this.log.error({ err: error }, 'health roll-up failed');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
