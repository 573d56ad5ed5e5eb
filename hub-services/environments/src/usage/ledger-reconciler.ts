import type { Logger } from 'pino';
import type { HubServersClient } from '../hub/hub-servers-client.js';
import type { UsageLedger } from './usage-ledger.js';

/**
 * Closes ledger sessions whose server the Hub no longer reports (a stop the hook never saw: a
 * crash, a failed spawn, a Hub restart). Returns how many were closed.
 */
export async function reconcileLedger(
  ledger: UsageLedger,
  hub: HubServersClient,
  now: Date,
): Promise<number> {
  const running = new Set((await hub.runningServers()).map((s) => `${s.user}\0${s.server}`));
  let closed = 0;
  for (const session of await ledger.open()) {
    if (running.has(`${session.user}\0${session.server}`)) continue;
    closed += await ledger.stopped(session.user, session.server, now, 'not running at the Hub');
  }
  return closed;
}

/** Reconciles every `intervalMs` until stopped; a failed round is logged and retried. */
export function pollLedger(options: {
  ledger: UsageLedger;
  hub: HubServersClient;
  intervalMs: number;
  log: Logger;
}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = async () => {
    try {
      const closed = await reconcileLedger(options.ledger, options.hub, new Date());
      if (closed > 0)
        options.log.info({ closed }, 'ledger: closed sessions the Hub no longer runs');
    } catch (error) {
      options.log.warn({ err: error }, 'ledger: could not reconcile with the Hub');
    }
    if (!stopped) timer = setTimeout(round, options.intervalMs);
  };
  timer = setTimeout(round, options.intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
