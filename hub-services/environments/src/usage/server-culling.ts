import type { RunningServer } from '../hub/hub-servers-client.js';
import type { Profile } from '../profiles/profile.js';
import type { Session } from './usage-ledger.js';

export interface CullDecision {
  user: string;
  server: string;
  reason: string;
}

/**
 * The ready servers to stop now under their profile's limits: older than its maxAge, or idle
 * (no activity the Hub saw) longer than its idleTimeout; 0 means no limit. jupyterhub-idle-culler
 * has one timeout and one max age for everyone; these are per profile, so they are decided here
 * from the ledger (which profile each server runs) and the Hub's own times.
 */
export function serversToCull(
  servers: readonly RunningServer[],
  openSessions: readonly Session[],
  profileOf: (session: Session) => Profile | undefined,
  now: Date,
): CullDecision[] {
  const sessions = new Map(openSessions.map((s) => [`${s.user}\0${s.server}`, s]));
  const decisions: CullDecision[] = [];
  for (const server of servers) {
    if (!server.ready) continue;
    const session = sessions.get(`${server.user}\0${server.server}`);
    const profile = session ? profileOf(session) : undefined;
    if (!profile) continue;
    const age = server.started ? (now.getTime() - server.started.getTime()) / 1000 : 0;
    const idle = (now.getTime() - (server.lastActivity ?? server.started ?? now).getTime()) / 1000;
    if (profile.maxAge > 0 && age >= profile.maxAge) {
      decisions.push({
        user: server.user,
        server: server.server,
        reason: `ran ${Math.round(age)} s, profile '${profile.slug}' allows ${profile.maxAge} s`,
      });
    } else if (profile.idleTimeout > 0 && idle >= profile.idleTimeout) {
      decisions.push({
        user: server.user,
        server: server.server,
        reason: `idle ${Math.round(idle)} s, profile '${profile.slug}' culls after ${profile.idleTimeout} s`,
      });
    }
  }
  return decisions;
}
