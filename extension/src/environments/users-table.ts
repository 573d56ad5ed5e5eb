import type { BulkAction, UserRow } from './types.js';

/** A usage-vs-quota bar: its width (0–1), how full it is, and what it says. */
export interface UsageBar {
  width: number;
  level: 'ok' | 'high' | 'over' | 'none';
  label: string;
}

const round = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The bar of the fullest quota that applies to the user (over 90 %: high; at or over 100 %:
 * over); without a quota, no bar and the last 30 days' CPU-hours.
 */
export function usageBar(row: UserRow): UsageBar {
  const limited = row.usage.quotas.filter((q) => q.fraction !== null);
  const fullest = limited.sort((a, b) => (b.fraction ?? 0) - (a.fraction ?? 0))[0];
  if (!fullest || fullest.fraction === null)
    return {
      width: 0,
      level: 'none',
      label: `${round(row.usage.last30Days.cpuHours)} CPU-h in 30 days, no quota`,
    };
  const { quota, used, fraction } = fullest;
  const dims = [
    ['CPU-h', quota.cpuHours, used.cpuHours],
    ['GiB-h', quota.memoryGiBHours, used.memoryGiBHours],
    ['GPU-h', quota.gpuHours, used.gpuHours],
  ] as const;
  const [unit, limit, spent] =
    dims.filter((d) => d[1] !== null).sort((a, b) => share(b[2], b[1]) - share(a[2], a[1]))[0] ??
    dims[0];
  return {
    width: Math.min(1, Math.max(0, fraction)),
    level: fraction >= 1 ? 'over' : fraction >= 0.9 ? 'high' : 'ok',
    label: `${round(spent)} of ${limit ?? 0} ${unit} (${quota.kind} ${quota.name}, ${quota.windowDays} days)`,
  };
}

const share = (spent: number, limit: number | null) =>
  limit === null ? -1 : limit === 0 ? 1 : spent / limit;

/** "just now", "5 min ago", "3 h ago", "2 days ago", or "never". */
export function timeAgo(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** `YYYY-MM` of `now` (UTC, as the service's months are). */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

export type BulkKind = 'stop' | 'start' | 'delete' | 'add-to-group';

/**
 * The bulk request for the selected users, or a sentence saying why there is nothing to do:
 * stop their servers that run (or start or stop), start their default servers that do not,
 * delete their named servers, add them to a group.
 */
export function bulkRequest(
  rows: readonly UserRow[],
  selected: ReadonlySet<string>,
  kind: BulkKind,
  group = '',
): BulkAction | string {
  const users = rows.filter((r) => selected.has(r.name));
  if (users.length === 0) return 'select users first';
  if (kind === 'add-to-group') {
    if (!group.trim()) return 'name the group to add them to';
    return { action: 'add-to-group', group: group.trim(), users: users.map((u) => u.name) };
  }
  if (kind === 'stop') {
    const servers = users.flatMap((u) =>
      u.servers.filter((s) => s.state !== 'stopped').map((s) => ({ user: u.name, server: s.name })),
    );
    return servers.length > 0 ? { action: 'stop', servers } : 'no selected server is running';
  }
  if (kind === 'start') {
    const servers = users
      .filter((u) => !u.servers.some((s) => s.name === '' && s.state !== 'stopped'))
      .map((u) => ({ user: u.name }));
    return servers.length > 0 ? { action: 'start', servers } : 'every selected server runs';
  }
  const servers = users.flatMap((u) =>
    u.servers.filter((s) => s.name !== '').map((s) => ({ user: u.name, server: s.name })),
  );
  return servers.length > 0
    ? { action: 'delete', servers }
    : 'the selected users have no named servers';
}
