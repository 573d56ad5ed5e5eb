import type { Logger } from 'pino';
import type { HubServersClient } from '../hub/hub-servers-client.js';
import type { Profile } from '../profiles/profile.js';
import type { ProfileStore } from '../profiles/profile-store.js';
import { reconcileLedger } from './ledger-reconciler.js';
import { serversToCull } from './server-culling.js';
import type { Session, UsageLedger } from './usage-ledger.js';

/**
 * One round against the Hub: its running servers, read once; the ledger reconciled with them;
 * servers over their profile's max age or idle timeout stopped through the Hub (its stop hook
 * then closes their sessions). A server runs under its profile as it is now (an admin's change
 * applies to running servers), or the version it started with if the profile was deleted.
 */
export async function hubRound(options: {
  ledger: UsageLedger;
  profiles: ProfileStore;
  hub: HubServersClient;
  now: Date;
  log: Logger;
}): Promise<{ closed: number; culled: number }> {
  const { ledger, profiles, hub, now, log } = options;
  const running = await hub.runningServers();
  const closed = await reconcileLedger(ledger, running, now);
  const current = new Map((await profiles.list()).map((p) => [p.slug, p]));
  const open = await ledger.open();
  const spawnedWith = new Map<string, Profile | undefined>();
  for (const s of open) {
    if (s.profile && !current.has(s.profile) && s.profileVersion)
      spawnedWith.set(
        `${s.profile}@${s.profileVersion}`,
        await profiles.get(s.profile, s.profileVersion),
      );
  }
  const profileOf = (s: Session) =>
    s.profile
      ? (current.get(s.profile) ?? spawnedWith.get(`${s.profile}@${s.profileVersion}`))
      : undefined;
  let culled = 0;
  for (const decision of serversToCull(running, open, profileOf, now)) {
    const result = await hub.stopServer(decision.user, decision.server);
    if (result.ok) culled += 1;
    log.info({ ...decision, status: result.status, message: result.message }, 'culling a server');
  }
  return { closed, culled };
}

/** A round every `intervalMs` until stopped; a failed round is logged and the next one tried. */
export function pollHub(options: {
  ledger: UsageLedger;
  profiles: ProfileStore;
  hub: HubServersClient;
  intervalMs: number;
  log: Logger;
}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = async () => {
    try {
      const { closed } = await hubRound({ ...options, now: new Date() });
      if (closed > 0)
        options.log.info({ closed }, 'ledger: closed sessions the Hub no longer runs');
    } catch (error) {
      options.log.warn({ err: error }, 'could not poll the Hub (ledger and culling wait)');
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
