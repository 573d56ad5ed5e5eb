import type { RunningServer } from '../hub/hub-servers-client.js';
import type { UsageLedger } from './usage-ledger.js';

/**
 * Closes ledger sessions whose server the Hub no longer reports (a stop the hook never saw: a
 * crash, a failed spawn, a Hub restart). Returns how many were closed.
 */
export async function reconcileLedger(
  ledger: UsageLedger,
  running: readonly RunningServer[],
  now: Date,
): Promise<number> {
  const live = new Set(running.map((s) => `${s.user}\0${s.server}`));
  let closed = 0;
  for (const session of await ledger.open()) {
    if (live.has(`${session.user}\0${session.server}`)) continue;
    closed += await ledger.stopped(session.user, session.server, now, 'not running at the Hub');
  }
  return closed;
}
