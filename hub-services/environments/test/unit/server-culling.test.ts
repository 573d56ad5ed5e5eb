import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/hub/hub-servers-client.js';
import type { Profile } from '../../src/profiles/profile.js';
import { serversToCull } from '../../src/usage/server-culling.js';
import type { Session } from '../../src/usage/usage-ledger.js';

const now = new Date('2026-12-07T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const profile = (slug: string, idleTimeout: number, maxAge: number) =>
  ({ slug, idleTimeout, maxAge }) as Profile;
const session = (user: string, profileSlug: string | null): Session => ({
  id: 1,
  user,
  server: '',
  profile: profileSlug,
  profileVersion: 1,
  cpu: 1,
  memoryBytes: 1,
  gpu: 0,
  started: ago(7200),
  stopped: null,
  stopReason: null,
});
const server = (user: string, started: number, active: number, ready = true): RunningServer => ({
  user,
  server: '',
  ready,
  started: ago(started),
  lastActivity: ago(active),
});
const profiles: Record<string, Profile> = {
  workshop: profile('workshop', 0, 3600),
  small: profile('small', 1800, 0),
  forever: profile('forever', 0, 0),
};

describe("culling by each server's profile", () => {
  it('stops servers over their max age or idle timeout, each with the reason', () => {
    const decisions = serversToCull(
      [
        server('ada', 4000, 10),
        server('bob', 600, 2000),
        server('cy', 600, 60),
        server('di', 99_999, 99_999),
      ],
      [
        session('ada', 'workshop'),
        session('bob', 'small'),
        session('cy', 'small'),
        session('di', 'forever'),
      ],
      (s) => (s.profile ? profiles[s.profile] : undefined),
      now,
    );
    expect(decisions).toEqual([
      { user: 'ada', server: '', reason: "ran 4000 s, profile 'workshop' allows 3600 s" },
      { user: 'bob', server: '', reason: "idle 2000 s, profile 'small' culls after 1800 s" },
    ]);
  });

  it('leaves alone servers still starting, and servers with no profile', () => {
    expect(
      serversToCull(
        [server('ada', 4000, 4000, false), server('eve', 4000, 4000)],
        [session('ada', 'workshop'), session('eve', null)],
        (s) => (s.profile ? profiles[s.profile] : undefined),
        now,
      ),
    ).toEqual([]);
  });
});
