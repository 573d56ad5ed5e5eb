import { describe, expect, it } from 'vitest';
import type { HubUser } from '../../src/hub/hub-servers-client.js';
import type { Session } from '../../src/usage/usage-ledger.js';
import { quotaFraction, userRows } from '../../src/users/user-rows.js';

const now = new Date('2026-12-07T10:00:00Z');
const HOUR = 3_600_000;
const session = (extra: Partial<Session>): Session => ({
  id: 1,
  user: 'ana',
  server: '',
  profile: 'small',
  profileVersion: 2,
  cpu: 2,
  memoryBytes: 4 * 1024 ** 3,
  gpu: 0,
  started: new Date(now.getTime() - 3 * HOUR),
  stopped: null,
  stopReason: null,
  ...extra,
});

describe('the users table', () => {
  const users: HubUser[] = [
    {
      name: 'ana',
      admin: false,
      groups: ['hydro-lab'],
      lastActivity: new Date(now.getTime() - 60_000),
      servers: [
        {
          name: '',
          state: 'running',
          started: new Date(now.getTime() - 3 * HOUR),
          lastActivity: null,
        },
        { name: 'big', state: 'stopped', started: null, lastActivity: null },
      ],
    },
    { name: 'bea', admin: false, groups: [], lastActivity: null, servers: [] },
  ];
  const ana = session({});
  const bigDone = session({
    id: 2,
    server: 'big',
    profile: 'gpu-large',
    started: new Date(now.getTime() - 30 * HOUR),
    stopped: new Date(now.getTime() - 29 * HOUR),
  });
  const beaOld = session({
    id: 3,
    user: 'bea',
    profile: 'tiny',
    started: new Date(now.getTime() - 50 * HOUR),
    stopped: new Date(now.getTime() - 49 * HOUR),
  });

  const rows = userRows({
    users,
    latest: [ana, bigDone, beaOld],
    sessions: [ana, bigDone, beaOld],
    quotas: [
      {
        kind: 'group',
        name: 'hydro-lab',
        cpuHours: 16,
        memoryGiBHours: null,
        gpuHours: null,
        windowDays: 7,
      },
    ],
    now,
  });

  it("gives each user's state, profile and last activity from the Hub and the ledger", () => {
    expect(rows[0]).toMatchObject({
      name: 'ana',
      state: 'running',
      profile: 'small',
      lastActivity: '2026-12-07T09:59:00.000Z',
    });
    expect(rows[0]?.servers).toEqual([
      expect.objectContaining({ name: '', state: 'running', profile: 'small', profileVersion: 2 }),
      expect.objectContaining({ name: 'big', state: 'stopped', profile: 'gpu-large' }),
    ]);
    // No server at the Hub: the profile the default server last ran.
    expect(rows[1]).toMatchObject({ name: 'bea', state: 'stopped', profile: 'tiny', servers: [] });
  });

  it('sets usage against the quota that applies', () => {
    // 3 h × 2 CPU running now, and 1 h × 2 CPU of the named server.
    expect(rows[0]?.usage.last30Days.cpuHours).toBeCloseTo(8);
    expect(rows[0]?.usage.quotas[0]).toMatchObject({ quota: { name: 'hydro-lab' } });
    expect(rows[0]?.usage.quotas[0]?.fraction).toBeCloseTo(0.5);
    expect(rows[1]?.usage.quotas).toEqual([]);
  });

  it('measures a quota by its fullest limited dimension', () => {
    const quota = {
      kind: 'user' as const,
      name: 'x',
      cpuHours: 10,
      memoryGiBHours: 100,
      gpuHours: null,
      windowDays: 30,
    };
    expect(quotaFraction(quota, { cpuHours: 5, memoryGiBHours: 80, gpuHours: 3 })).toBeCloseTo(0.8);
    expect(
      quotaFraction(
        { ...quota, cpuHours: null, memoryGiBHours: null },
        { cpuHours: 5, memoryGiBHours: 1, gpuHours: 0 },
      ),
    ).toBeNull();
    expect(
      quotaFraction({ ...quota, cpuHours: 0 }, { cpuHours: 0, memoryGiBHours: 0, gpuHours: 0 }),
    ).toBe(1);
  });
});
