import { describe, expect, it } from 'vitest';
import { applicableQuotas, checkQuotas, type Quota, usageBetween } from '../../src/usage/quota.js';
import type { Session } from '../../src/usage/usage-ledger.js';
import { usageCsv } from '../../src/usage/usage-report.js';

const GIB = 1024 ** 3;
const session = (over: Partial<Session>): Session => ({
  id: 1,
  user: 'alice',
  server: '',
  profile: 'small',
  profileVersion: 1,
  cpu: 2,
  memoryBytes: 4 * GIB,
  gpu: 0,
  started: new Date('2026-12-01T08:00:00Z'),
  stopped: new Date('2026-12-01T11:00:00Z'),
  stopReason: 'stopped',
  ...over,
});
const quota = (over: Partial<Quota>): Quota => ({
  kind: 'user',
  name: 'alice',
  cpuHours: null,
  memoryGiBHours: null,
  gpuHours: null,
  windowDays: 7,
  ...over,
});
const now = new Date('2026-12-07T10:00:00Z');

describe('usage and quotas', () => {
  it('counts CPU-, memory- and GPU-hours inside the window, open sessions until now', () => {
    const sessions = [
      session({}),
      session({ started: new Date('2026-12-07T09:30:00Z'), stopped: null, gpu: 1 }),
    ];
    expect(usageBetween(sessions, new Date('2026-11-30T00:00:00Z'), now)).toEqual({
      cpuHours: 7,
      memoryGiBHours: 14,
      gpuHours: 0.5,
    });
    // Only the part of the first session after 10:00 counts.
    expect(usageBetween([session({})], new Date('2026-12-01T10:00:00Z'), now).cpuHours).toBe(2);
  });

  it("prefers the user's own quota to their groups'", () => {
    const quotas = [quota({ kind: 'group', name: 'students' }), quota({ cpuHours: 100 })];
    expect(applicableQuotas(quotas, { name: 'alice', groups: ['students'] })).toEqual([quotas[1]]);
    expect(applicableQuotas(quotas, { name: 'bob', groups: ['students'] })).toEqual([quotas[0]]);
    expect(applicableQuotas(quotas, { name: 'carol', groups: [] })).toEqual([]);
  });

  it('refuses when less than one hour of the profile remains, and says how much remains', () => {
    const used = () => ({ cpuHours: 9, memoryGiBHours: 10, gpuHours: 0 });
    const cost = { cpu: 2, memoryGiB: 4, gpu: 0 };
    expect(checkQuotas([quota({ cpuHours: 11 })], used, cost, 'small')).toEqual({ allowed: true });
    expect(checkQuotas([quota({ cpuHours: 10.5 })], used, cost, 'small')).toEqual({
      allowed: false,
      message:
        "quota exceeded (user alice): 9 of 10.5 CPU-hours used in the last 7 days, 1.5 remaining; profile 'small' needs 2 CPU-hours per hour",
    });
    // A GPU limit does not stop a profile without GPUs.
    expect(checkQuotas([quota({ gpuHours: 0 })], used, cost, 'small')).toEqual({ allowed: true });
    // Of two group quotas, one that allows is enough.
    const groups = [
      quota({ kind: 'group', name: 'a', cpuHours: 1 }),
      quota({ kind: 'group', name: 'b', cpuHours: 50 }),
    ];
    expect(checkQuotas(groups, used, cost, 'small')).toEqual({ allowed: true });
  });

  it("reports a month's usage per user and profile, clipped to the month", () => {
    const csv = usageCsv(
      [
        session({
          started: new Date('2026-11-30T23:00:00Z'),
          stopped: new Date('2026-12-01T01:00:00Z'),
        }),
        session({}),
        session({ user: 'bob, jr', profile: 'gpu-large', gpu: 1, cpu: 8, memoryBytes: 32 * GIB }),
      ],
      '2026-12',
      now,
    );
    expect(csv.split('\r\n')).toEqual([
      'month,user,profile,sessions,hours,cpu_hours,memory_gib_hours,gpu_hours',
      '2026-12,alice,small,2,4.000,8.000,16.000,0.000',
      '2026-12,"bob, jr",gpu-large,1,3.000,24.000,96.000,3.000',
      '',
    ]);
  });
});
