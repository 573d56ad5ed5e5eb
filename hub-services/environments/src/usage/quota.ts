import { type Static, Type } from 'typebox';
import type { Session } from './usage-ledger.js';

/**
 * A limit, or null for none. Null is tried first: with type coercion on (for query strings), a
 * number first would turn null into a limit of 0.
 */
const Limit = () => Type.Union([Type.Null(), Type.Number({ minimum: 0 })], { default: null });

/** What an admin sets for a user or a group: limits over a rolling window; null: no limit. */
export const QuotaInput = Type.Object(
  {
    cpuHours: Limit(),
    memoryGiBHours: Limit(),
    gpuHours: Limit(),
    windowDays: Type.Integer({ minimum: 1, maximum: 366, default: 30 }),
  },
  { additionalProperties: false },
);
export type QuotaInput = Static<typeof QuotaInput>;

export type QuotaSubject = { kind: 'user' | 'group'; name: string };
export type Quota = QuotaSubject & QuotaInput;

export interface Usage {
  cpuHours: number;
  memoryGiBHours: number;
  gpuHours: number;
}

const HOUR = 3_600_000;
const GIB = 1024 ** 3;

/** CPU-, memory- and GPU-hours the sessions used between `since` and `until` (open ones: until now). */
export function usageBetween(sessions: readonly Session[], since: Date, until: Date): Usage {
  const usage: Usage = { cpuHours: 0, memoryGiBHours: 0, gpuHours: 0 };
  for (const s of sessions) {
    const start = Math.max(s.started.getTime(), since.getTime());
    const end = Math.min((s.stopped ?? until).getTime(), until.getTime());
    if (end <= start) continue;
    const hours = (end - start) / HOUR;
    usage.cpuHours += s.cpu * hours;
    usage.memoryGiBHours += (s.memoryBytes / GIB) * hours;
    usage.gpuHours += s.gpu * hours;
  }
  return usage;
}

/** A user's own quota replaces their groups'; of several group quotas, any one may allow a spawn. */
export function applicableQuotas(
  quotas: readonly Quota[],
  user: { name: string; groups: readonly string[] },
): Quota[] {
  const own = quotas.filter((q) => q.kind === 'user' && q.name === user.name);
  if (own.length > 0) return own;
  return quotas.filter((q) => q.kind === 'group' && user.groups.includes(q.name));
}

/** What one hour of a server with this profile costs. */
export interface HourlyCost {
  cpu: number;
  memoryGiB: number;
  gpu: number;
}

export type QuotaCheck = { allowed: true } | { allowed: false; message: string };

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Allowed while every limited dimension has at least one hour of the profile left; a refusal
 * says which limit, what was used, what remains and what the profile takes per hour.
 */
export function checkQuotas(
  quotas: readonly Quota[],
  usageFor: (quota: Quota) => Usage,
  cost: HourlyCost,
  profile: string,
): QuotaCheck {
  if (quotas.length === 0) return { allowed: true };
  let refusal: string | undefined;
  for (const quota of quotas) {
    const used = usageFor(quota);
    const dims = [
      ['CPU-hours', quota.cpuHours, used.cpuHours, cost.cpu],
      ['memory GiB-hours', quota.memoryGiBHours, used.memoryGiBHours, cost.memoryGiB],
      ['GPU-hours', quota.gpuHours, used.gpuHours, cost.gpu],
    ] as const;
    const short = dims.find(
      ([, limit, spent, perHour]) => limit !== null && perHour > 0 && limit - spent < perHour,
    );
    if (!short) return { allowed: true };
    if (refusal === undefined) {
      const [what, limit, spent, perHour] = short;
      const remaining = Math.max(0, (limit as number) - spent);
      refusal = `quota exceeded (${quota.kind} ${quota.name}): ${round(spent)} of ${limit} ${what} used in the last ${quota.windowDays} days, ${round(remaining)} remaining; profile '${profile}' needs ${round(perHour)} ${what} per hour`;
    }
  }
  return { allowed: false, message: refusal as string };
}
