import type { HubServer, HubUser } from '../hub/hub-servers-client.js';
import { applicableQuotas, type Quota, type Usage, usageBetween } from '../usage/quota.js';
import type { Session } from '../usage/usage-ledger.js';

const DAY = 86_400_000;

export interface ServerRow {
  /** '' for the default server. */
  name: string;
  state: HubServer['state'];
  started: string | null;
  lastActivity: string | null;
  /** The profile it runs (its open session's), or last ran; null if the ledger has none. */
  profile: string | null;
  profileVersion: number | null;
}

export interface QuotaUse {
  quota: Quota;
  used: Usage;
  /**
   * The largest share of a limited dimension used, 0–1 and beyond; null when nothing is
   * limited. What a "usage vs quota" bar shows.
   */
  fraction: number | null;
}

/** One line of the admins' users table. */
export interface UserRow {
  name: string;
  admin: boolean;
  groups: string[];
  /** Running if any server runs; else starting, stopping or stopped. */
  state: HubServer['state'];
  /** The profile of the server that runs (or ran last). */
  profile: string | null;
  lastActivity: string | null;
  servers: ServerRow[];
  usage: { last30Days: Usage; quotas: QuotaUse[] };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const STATE_ORDER: HubServer['state'][] = ['running', 'starting', 'stopping', 'stopped'];

/** The share of a quota used: the fullest of its limited dimensions. */
export function quotaFraction(quota: Quota, used: Usage): number | null {
  const shares = [
    [quota.cpuHours, used.cpuHours],
    [quota.memoryGiBHours, used.memoryGiBHours],
    [quota.gpuHours, used.gpuHours],
  ]
    .filter((pair): pair is [number, number] => pair[0] !== null)
    // A limit of 0 is used up from the start.
    .map(([limit, spent]) => (limit === 0 ? 1 : spent / limit));
  return shares.length > 0 ? Math.max(...shares) : null;
}

/**
 * The users table, built from what the Hub reports (users, groups, servers, activity) and what
 * the ledger knows (which profile each server runs, usage in the quotas' windows). `sessions`
 * must cover the widest quota window (and 30 days) back from `now`.
 */
export function userRows(options: {
  users: readonly HubUser[];
  latest: readonly Session[];
  sessions: readonly Session[];
  quotas: readonly Quota[];
  now: Date;
}): UserRow[] {
  const { now } = options;
  const latest = new Map(options.latest.map((s) => [`${s.user}\0${s.server}`, s]));
  const sessionsOf = new Map<string, Session[]>();
  for (const s of options.sessions) sessionsOf.set(s.user, [...(sessionsOf.get(s.user) ?? []), s]);
  return options.users.map((user) => {
    const servers: ServerRow[] = user.servers.map((server) => {
      const session = latest.get(`${user.name}\0${server.name}`);
      return {
        name: server.name,
        state: server.state,
        started: iso(server.started),
        lastActivity: iso(server.lastActivity),
        profile: session?.profile ?? null,
        profileVersion: session?.profileVersion ?? null,
      };
    });
    const ordered = [...servers].sort(
      (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state),
    );
    // No server known to the Hub: the profile the user's default server last ran.
    const lastDefault = latest.get(`${user.name}\0`);
    const sessions = sessionsOf.get(user.name) ?? [];
    const quotas = applicableQuotas(options.quotas, user).map((quota) => {
      const used = usageBetween(sessions, new Date(now.getTime() - quota.windowDays * DAY), now);
      return { quota, used, fraction: quotaFraction(quota, used) };
    });
    return {
      name: user.name,
      admin: user.admin,
      groups: user.groups,
      state: ordered[0]?.state ?? 'stopped',
      profile: ordered[0]?.profile ?? lastDefault?.profile ?? null,
      lastActivity: iso(user.lastActivity),
      servers,
      usage: {
        last30Days: usageBetween(sessions, new Date(now.getTime() - 30 * DAY), now),
        quotas,
      },
    };
  });
}
