import { describe, expect, it } from 'vitest';
import { formOf, inputOf } from '../../src/environments/profile-form.js';
import type { Profile, UserRow } from '../../src/environments/types.js';
import { bulkRequest, timeAgo, usageBar } from '../../src/environments/users-table.js';

const row = (name: string, extra: Partial<UserRow> = {}): UserRow => ({
  name,
  admin: false,
  groups: [],
  state: 'stopped',
  profile: null,
  lastActivity: null,
  servers: [],
  usage: { last30Days: { cpuHours: 3.04, memoryGiBHours: 0, gpuHours: 0 }, quotas: [] },
  ...extra,
});
const server = (name: string, state: 'running' | 'stopped') => ({
  name,
  state,
  started: null,
  lastActivity: null,
  profile: null,
  profileVersion: null,
});

describe('the users table', () => {
  it('draws the fullest quota as a bar, and says so without one', () => {
    expect(usageBar(row('a'))).toEqual({
      width: 0,
      level: 'none',
      label: '3 CPU-h in 30 days, no quota',
    });
    const quota = {
      kind: 'group' as const,
      name: 'hydro-lab',
      cpuHours: 10,
      memoryGiBHours: 100,
      gpuHours: null,
      windowDays: 7,
    };
    const used = { cpuHours: 9.5, memoryGiBHours: 20, gpuHours: 0 };
    const high = row('b', {
      usage: { last30Days: used, quotas: [{ quota, used, fraction: 0.95 }] },
    });
    expect(usageBar(high)).toEqual({
      width: 0.95,
      level: 'high',
      label: '9.5 of 10 CPU-h (group hydro-lab, 7 days)',
    });
    const over = row('c', {
      usage: { last30Days: used, quotas: [{ quota, used, fraction: 1.4 }] },
    });
    expect(usageBar(over)).toMatchObject({ width: 1, level: 'over' });
  });

  it('says how long ago', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(timeAgo(null, now)).toBe('never');
    expect(timeAgo('2026-12-07T09:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-12-07T09:15:00Z', now)).toBe('45 min ago');
    expect(timeAgo('2026-12-06T10:00:00Z', now)).toBe('1 day ago');
  });

  it('builds each bulk action from the selected users, or says why there is none', () => {
    const rows = [
      row('ana', { servers: [server('', 'running'), server('big', 'stopped')] }),
      row('bob'),
    ];
    const all = new Set(['ana', 'bob']);
    expect(bulkRequest(rows, new Set(), 'stop')).toBe('select users first');
    expect(bulkRequest(rows, all, 'stop')).toEqual({
      action: 'stop',
      servers: [{ user: 'ana', server: '' }],
    });
    expect(bulkRequest(rows, all, 'start')).toEqual({
      action: 'start',
      servers: [{ user: 'bob' }],
    });
    expect(bulkRequest(rows, all, 'delete')).toEqual({
      action: 'delete',
      servers: [{ user: 'ana', server: 'big' }],
    });
    expect(bulkRequest(rows, new Set(['bob']), 'delete')).toBe(
      'the selected users have no named servers',
    );
    expect(bulkRequest(rows, all, 'add-to-group', ' ')).toBe('name the group to add them to');
    expect(bulkRequest(rows, all, 'add-to-group', 'hydro-lab')).toEqual({
      action: 'add-to-group',
      group: 'hydro-lab',
      users: ['ana', 'bob'],
    });
  });
});

describe('the profile form', () => {
  it('round-trips a profile, with groups by commas and mounts by lines', () => {
    const profile: Profile = {
      slug: 'hydro',
      displayName: 'Hydro',
      description: '',
      image: 'img:1',
      cpu: 2,
      memory: '4G',
      gpu: 0,
      mounts: [
        { source: '/data/swot', target: '/home/jovyan/swot', readOnly: true },
        { source: 'scratch', target: '/scratch', readOnly: false },
      ],
      idleTimeout: 3600,
      maxAge: 0,
      allowedGroups: ['hydro-lab', 'gpu'],
      version: 3,
      updated: '2026-12-07T10:00:00Z',
      updatedBy: 'root',
    };
    const form = formOf(profile);
    expect(form.allowedGroups).toBe('hydro-lab, gpu');
    expect(form.mounts).toBe('/data/swot /home/jovyan/swot\nscratch /scratch rw');
    const { version: _v, updated: _u, updatedBy: _b, ...input } = profile;
    expect(inputOf(form)).toEqual(input);
    // Empty numbers are left to the service's defaults.
    expect(inputOf({ ...form, gpu: '', maxAge: ' ' })).not.toHaveProperty('gpu');
  });
});
