import { describe, expect, it } from 'vitest';
import { diffProfiles } from '../../src/profiles/profile-diff.js';

const base = {
  slug: 'small',
  displayName: 'Small',
  description: '',
  image: 'localhost/styx/notebook:latest',
  cpu: 1,
  memory: '2G',
  gpu: 0,
  mounts: [{ source: '/data/swot', target: '/home/jovyan/swot', readOnly: true }],
  idleTimeout: 3600,
  maxAge: 0,
  allowedGroups: ['hydrology'],
};

describe('the audit diff between two versions of a profile', () => {
  it('names only the fields that changed, with their values before and after', () => {
    expect(
      diffProfiles(base, { ...base, cpu: 2, allowedGroups: ['hydrology', 'students'] }),
    ).toEqual({
      allowedGroups: { from: ['hydrology'], to: ['hydrology', 'students'] },
      cpu: { from: 1, to: 2 },
    });
    expect(diffProfiles(base, structuredClone(base))).toEqual({});
    expect(
      diffProfiles(base, {
        ...base,
        mounts: [{ source: '/data/swot', target: '/home/jovyan/swot', readOnly: false }],
      }),
    ).toHaveProperty('mounts');
  });

  it('records every field of a created profile as new, and of a deleted one as gone', () => {
    expect(diffProfiles(undefined, base).cpu).toEqual({ to: 1 });
    expect(diffProfiles(base, undefined).memory).toEqual({ from: '2G' });
  });
});
