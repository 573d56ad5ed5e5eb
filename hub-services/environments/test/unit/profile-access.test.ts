import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/profiles/profile.js';
import { chooseProfile, profilesFor } from '../../src/profiles/profile-access.js';
import { memoryBytes, spawnerSettings } from '../../src/profiles/spawner-settings.js';

const profile = (slug: string, allowedGroups: string[] = []): Profile => ({
  slug,
  displayName: slug,
  description: '',
  image: 'localhost/styx/notebook:latest',
  cpu: 2,
  memory: '4G',
  gpu: 0,
  mounts: [],
  idleTimeout: 3600,
  maxAge: 0,
  allowedGroups,
  version: 3,
  updated: '2026-12-07T10:00:00.000Z',
  updatedBy: 'root',
});
const profiles = [profile('gpu-large', ['gpu-users', 'ml']), profile('small')];
const bob = { name: 'bob', admin: false, groups: ['hydrology'] };
const alice = { name: 'alice', admin: false, groups: ['ml'] };

describe('which profiles a user may use', () => {
  it('opens a profile to its groups, to everyone when it names none, and all to admins', () => {
    expect(profilesFor(profiles, bob).map((p) => p.slug)).toEqual(['small']);
    expect(profilesFor(profiles, alice).map((p) => p.slug)).toEqual(['gpu-large', 'small']);
    expect(profilesFor(profiles, { name: 'root', admin: true, groups: [] })).toHaveLength(2);
  });

  it('refuses a forbidden or unknown profile, saying why and what to choose instead', () => {
    expect(chooseProfile(profiles, bob, 'gpu-large')).toEqual({
      allowed: false,
      message:
        "profile 'gpu-large' is only for members of gpu-users, ml (bob's groups: hydrology); choose one of: small",
    });
    expect(chooseProfile(profiles, bob, 'huge')).toEqual({
      allowed: false,
      message: "there is no profile 'huge'; choose one of: small",
    });
  });

  it('starts the first allowed profile when none is asked, and anything while none is defined', () => {
    expect(chooseProfile(profiles, alice, undefined)).toMatchObject({
      allowed: true,
      profile: { slug: 'gpu-large' },
    });
    expect(chooseProfile([], bob, 'anything')).toEqual({ allowed: true, profile: undefined });
    expect(chooseProfile([profile('gpu-large', ['ml'])], bob, undefined)).toEqual({
      allowed: false,
      message:
        'bob may not start a server: no profile is open to you; ask an admin to add you to a group that may use one',
    });
  });

  it("maps a profile to batchspawner's Slurm resources and KubeSpawner's GPU and volumes", () => {
    const gpu = {
      ...profile('gpu'),
      cpu: 3.5,
      memory: '32G',
      gpu: 2,
      maxAge: 8 * 3600 + 30,
      mounts: [
        { source: '/data/swot', target: '/home/jovyan/swot', readOnly: true },
        { source: 'team-scratch', target: '/home/jovyan/scratch', readOnly: false },
      ],
    };
    expect(spawnerSettings(gpu).batch).toEqual({
      req_nprocs: '4',
      req_memory: '32G',
      req_ngpus: '2',
      req_runtime: '08:01:00',
    });
    expect(spawnerSettings(profile('small')).batch.req_runtime).toBeNull();
    expect(spawnerSettings(gpu).kubernetes).toEqual({
      extra_resource_limits: { 'nvidia.com/gpu': '2' },
      volumes: [
        { name: 'styx-mount-0', hostPath: { path: '/data/swot' } },
        { name: 'styx-mount-1', persistentVolumeClaim: { claimName: 'team-scratch' } },
      ],
      volume_mounts: [
        { name: 'styx-mount-0', mountPath: '/home/jovyan/swot', readOnly: true },
        { name: 'styx-mount-1', mountPath: '/home/jovyan/scratch', readOnly: false },
      ],
    });
  });

  it("maps a profile to the spawner's traits", () => {
    expect(memoryBytes('512M')).toBe(512 * 1024 ** 2);
    expect(memoryBytes('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(() => memoryBytes('4 gigs')).toThrow();
    expect(spawnerSettings(profile('small'))).toMatchObject({
      mem_limit: '4G',
      cpu_limit: 2,
      image: 'localhost/styx/notebook:latest',
      environment: { STYX_PROFILE: 'small', STYX_PROFILE_VERSION: '3' },
    });
  });
});
