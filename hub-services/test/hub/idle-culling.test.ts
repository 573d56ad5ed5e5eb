import { hubAdmin, type LocalHub, startLocalHub } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Hub-wide idle culling (STYX_CULL_IDLE_S): jupyterhub-idle-culler runs as the Hub's service with
 * its own role, and stops a server nobody uses once it has been idle that long; a user's
 * activity the Hub hears of keeps it running meanwhile.
 */
describe('idle culling with jupyterhub-idle-culler', () => {
  let hub: LocalHub;
  const IDLE_S = 20;

  beforeAll(async () => {
    hub = await startLocalHub({
      env: { STYX_CULL_IDLE_S: String(IDLE_S), STYX_CULL_EVERY_S: '2' },
      services: [],
    });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const serverOf = (user: string) => hubAdmin(hub).serverOf(user);

  async function startServer(user: string) {
    const admin = hubAdmin(hub);
    await admin.createUser(user);
    await admin.call('POST', `users/${user}/server`).catch(() => undefined);
    await admin.waitForServer(user, true);
  }

  it('stops the idle server, keeps the one whose user is active, and only the culler acts', async () => {
    await startServer('idle');
    await startServer('busy');
    const started = Date.now();
    // busy's activity, as the single-user server reports it (POST /users/:name/activity).
    const keepBusy = setInterval(() => {
      const now = new Date().toISOString();
      hubAdmin(hub)
        .call('POST', 'users/busy/activity', {
          last_activity: now,
          servers: { '': { last_activity: now } },
        })
        .catch(() => undefined);
    }, 2_000);
    try {
      let idleServer = await serverOf('idle');
      while (idleServer && Date.now() - started < (IDLE_S + 60) * 1000) {
        await new Promise((r) => setTimeout(r, 1_000));
        idleServer = await serverOf('idle');
      }
      const waited = (Date.now() - started) / 1000;
      expect(idleServer, hub.log().slice(-3000)).toBeUndefined();
      // Not before it was idle that long (it was idle from its start, a few seconds earlier).
      expect(waited).toBeGreaterThan(IDLE_S - 10);
      expect((await serverOf('busy'))?.ready).toBe(true);
      // The Hub says who stopped it: the idle-culler service, with its own token.
      expect(hub.log()).toMatch(/DELETE \/hub\/api\/users\/idle\/server.*idle-culler/);
    } finally {
      clearInterval(keepBusy);
    }
  });
});
