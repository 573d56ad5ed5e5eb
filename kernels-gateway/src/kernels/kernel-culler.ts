import type { Logger } from 'pino';
import type { CullPolicy, KernelService } from './kernel-service.js';

/**
 * The periodic work on kernels: heartbeats every few seconds, and when a policy is set, idle
 * kernels shut down on its interval (jupyter_server's `cull_idle_timeout`, `cull_interval`,
 * `cull_connected`, `cull_busy`).
 */
export class KernelCuller {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly kernels: KernelService,
    private readonly policy: (CullPolicy & { intervalMs: number }) | undefined,
    private readonly log: Logger,
    private readonly heartbeatMs = 3_000,
  ) {}

  start(): void {
    this.every(this.heartbeatMs, () => this.kernels.monitor());
    const policy = this.policy;
    if (policy) {
      this.every(policy.intervalMs, async () => {
        const culled = await this.kernels.cull(policy);
        if (culled.length > 0) this.log.info({ culled }, 'culled idle kernels');
      });
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private every(ms: number, task: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      task()
        .catch((error: unknown) => this.log.error({ err: error }, 'kernel housekeeping failed'))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
