import { describe, expect, it } from 'vitest';
import {
  managesUser,
  mayCreateProfiles,
  mayWriteProfile,
  mayWriteQuota,
  rightsOf,
  seesProfile,
  seesQuota,
} from '../../src/admins/admin-rights.js';
import type { GroupAdmins } from '../../src/admins/group-admins.js';

const delegation = (group: string, extra: Partial<GroupAdmins> = {}): GroupAdmins => ({
  group,
  users: [],
  hubGroups: [],
  mayEditProfiles: false,
  mayEditQuotas: true,
  updated: '2026-12-01T00:00:00.000Z',
  updatedBy: 'root',
  ...extra,
});

const delegations = [
  delegation('hydro-lab', { users: ['lena'], mayEditProfiles: true }),
  delegation('ocean-lab', { hubGroups: ['ocean-leads'], mayEditQuotas: false }),
];
const lena = rightsOf({ name: 'lena', admin: false, groups: [] }, delegations);
const omar = rightsOf({ name: 'omar', admin: false, groups: ['ocean-leads'] }, delegations);

describe('delegated admins', () => {
  it('are named by user or by a Hub group; Hub admins are admins, others users', () => {
    expect(lena).toEqual({
      role: 'group-admin',
      delegations: [{ group: 'hydro-lab', mayEditProfiles: true, mayEditQuotas: true }],
    });
    expect(omar).toMatchObject({ role: 'group-admin', delegations: [{ group: 'ocean-lab' }] });
    expect(rightsOf({ name: 'root', admin: true, groups: [] }, delegations)).toEqual({
      role: 'admin',
    });
    expect(rightsOf({ name: 'bob', admin: false, groups: ['hydro-lab'] }, delegations)).toEqual({
      role: 'user',
    });
  });

  it("manage their groups' users, but never Hub admins nor anyone else", () => {
    expect(managesUser(lena, { name: 'ana', admin: false, groups: ['hydro-lab'] })).toBe(true);
    expect(managesUser(lena, { name: 'oz', admin: false, groups: ['ocean-lab'] })).toBe(false);
    expect(managesUser(lena, { name: 'root', admin: true, groups: ['hydro-lab'] })).toBe(false);
    expect(managesUser({ role: 'user' }, { name: 'ana', admin: false, groups: [] })).toBe(false);
  });

  it('see profiles open to all or to their groups, and write only those restricted to groups they may edit', () => {
    expect(seesProfile(lena, [])).toBe(true);
    expect(seesProfile(lena, ['hydro-lab', 'gpu'])).toBe(true);
    expect(seesProfile(lena, ['ocean-lab'])).toBe(false);
    expect(mayWriteProfile(lena, ['hydro-lab'])).toBe(true);
    expect(mayWriteProfile(lena, [])).toBe(false);
    expect(mayWriteProfile(lena, ['hydro-lab', 'gpu'])).toBe(false);
    expect(mayWriteProfile(omar, ['ocean-lab'])).toBe(false);
    expect(mayCreateProfiles(lena)).toBe(true);
    expect(mayCreateProfiles(omar)).toBe(false);
  });

  it('see and set the quotas of their groups and members, where allowed', () => {
    const ana = { name: 'ana', admin: false, groups: ['hydro-lab'] };
    const oz = { name: 'oz', admin: false, groups: ['ocean-lab'] };
    expect(seesQuota(lena, { kind: 'group', name: 'hydro-lab' }, undefined)).toBe(true);
    expect(seesQuota(lena, { kind: 'group', name: 'ocean-lab' }, undefined)).toBe(false);
    expect(seesQuota(lena, { kind: 'user', name: 'ana' }, ana)).toBe(true);
    expect(seesQuota(lena, { kind: 'user', name: 'ghost' }, undefined)).toBe(false);
    expect(mayWriteQuota(lena, { kind: 'user', name: 'ana' }, ana)).toBe(true);
    expect(seesQuota(omar, { kind: 'user', name: 'oz' }, oz)).toBe(true);
    expect(mayWriteQuota(omar, { kind: 'user', name: 'oz' }, oz)).toBe(false);
    expect(mayWriteQuota(omar, { kind: 'group', name: 'ocean-lab' }, undefined)).toBe(false);
  });
});
