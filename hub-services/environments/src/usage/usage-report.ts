import { usageBetween } from './quota.js';
import type { Session } from './usage-ledger.js';

/** The first instant of a `YYYY-MM` month and of the next one, in UTC. */
export function monthRange(month: string): { since: Date; until: Date } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return { since: new Date(Date.UTC(year, mon - 1, 1)), until: new Date(Date.UTC(year, mon, 1)) };
}

const fixed = (n: number) => n.toFixed(3);

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The monthly usage report: one row per user and profile, the sessions' time clipped to the
 * month (a session still open counts until `now`).
 */
export function usageCsv(sessions: readonly Session[], month: string, now: Date): string {
  const { since, until: monthEnd } = monthRange(month);
  const until = now < monthEnd ? now : monthEnd;
  const groups = new Map<string, Session[]>();
  for (const s of sessions) {
    const key = `${s.user}\0${s.profile ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const lines = ['month,user,profile,sessions,hours,cpu_hours,memory_gib_hours,gpu_hours'];
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key) as Session[];
    const [user, profile] = key.split('\0') as [string, string];
    const usage = usageBetween(list, since, until);
    const hours = usageBetween(
      list.map((s) => ({ ...s, cpu: 1 })),
      since,
      until,
    ).cpuHours;
    lines.push(
      [
        month,
        csvField(user),
        csvField(profile),
        String(list.length),
        fixed(hours),
        fixed(usage.cpuHours),
        fixed(usage.memoryGiBHours),
        fixed(usage.gpuHours),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
