import { readFile } from 'node:fs/promises';
import { Browser, freePort, hubAdmin, type LocalHub, startLocalHub } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpuLarge, small } from '../support/environments-app.js';

/**
 * The environments service as the Hub runs it (STYX_ENVIRONMENTS=on), with the Hub's own spawn
 * hooks from jupyterhub_config.py: profiles filtered by the users' Hub groups, enforced when a
 * server is started through the Hub's REST API or its spawn page, the profile's limits on the
 * real single-user process, quotas, the usage ledger and bulk actions.
 */
describe('environments as a JupyterHub service', () => {
  let hub: LocalHub;
  let admin: ReturnType<typeof hubAdmin>;
  let environments: string;
  let root: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    hub = await startLocalHub({
      env: {
        STYX_ENVIRONMENTS: 'on',
        STYX_ENVIRONMENTS_PORT: String(await freePort()),
        // The Hub's servers read every second: culling is seen within the test.
        STYX_ENVIRONMENTS_POLL_SECONDS: '1',
      },
      services: ['catalog', 'environments'],
    });
    environments = `${hub.url}services/environments/`;
    admin = hubAdmin(hub);
    for (const name of ['alice', 'bob']) await admin.createUser(name);
    await admin.call('POST', 'groups/gpu-users');
    await admin.addToGroup('gpu-users', 'alice');
    // `admin` is the Hub's admin user (STYX_ADMIN_USERS' default).
    root = await admin.tokenFor('admin');
    alice = await admin.tokenFor('alice');
    bob = await admin.tokenFor('bob');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(new URL(path, path.startsWith('hub/') ? hub.url : environments), {
      method,
      headers: {
        authorization: `token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const waitForServer = (user: string, ready: boolean) => admin.waitForServer(user, ready);

  it('lets only Hub admins define profiles, and shows users those their groups allow', async () => {
    expect((await call('POST', 'api/profiles', alice, small)).status).toBe(403);
    expect((await call('POST', 'api/profiles', root, small)).status).toBe(201);
    expect((await call('POST', 'api/profiles', root, gpuLarge)).status).toBe(201);
    const mine = async (token: string) =>
      (
        (await (await call('GET', 'api/profiles/mine', token)).json()) as {
          profiles: Array<{ slug: string }>;
        }
      ).profiles.map((p) => p.slug);
    expect(await mine(alice)).toEqual(['gpu-large', 'small']);
    expect(await mine(bob)).toEqual(['small']);
  });

  it('offers each user only their profiles on the Hub spawn page', async () => {
    const browser = new Browser(hub.url);
    await browser.logIn('bob', hub.devPassword);
    const page = await (await browser.get('/hub/spawn')).text();
    expect(page).toContain('Choose your environment');
    expect(page).toContain('value="small"');
    expect(page).not.toContain('gpu-large');
  });

  it('answers 403 with the reason when a user posts a profile their groups do not allow', async () => {
    const refused = await call('POST', 'hub/api/users/bob/server', bob, { profile: 'gpu-large' });
    expect(refused.status).toBe(403);
    const { message } = (await refused.json()) as { message: string };
    expect(message).toBe(
      "profile 'gpu-large' is only for members of gpu-users (bob's groups: none); choose one of: small",
    );
    const unknown = await call('POST', 'hub/api/users/bob/server', bob, { profile: 'huge' });
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /there is no profile 'huge'/,
    );
    expect((await admin.call('GET', 'users/bob')).servers).toEqual({});
  });

  it("starts an allowed profile with its limits on the user's server, and records the session", async () => {
    const started = await call('POST', 'hub/api/users/alice/server', alice, {
      profile: 'gpu-large',
    });
    expect([201, 202]).toContain(started.status);
    const server = await waitForServer('alice', true);
    // The single-user process (SimpleLocalProcessSpawner: its pid is in the server's state).
    const pid = server?.state?.pid as number;
    const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
    expect(environ).toContain('STYX_PROFILE=gpu-large');
    expect(environ).toContain('STYX_PROFILE_GPU=1');
    // JupyterHub passes Spawner.mem_limit and cpu_limit to the server as MEM_LIMIT and CPU_LIMIT.
    expect(environ).toContain(`MEM_LIMIT=${32 * 1024 ** 3}`);
    expect(environ).toContain('CPU_LIMIT=8.0');

    const usage = (await (await call('GET', 'api/usage/mine', alice)).json()) as {
      running: Array<{ server: string; profile: string }>;
    };
    expect(usage.running).toEqual([expect.objectContaining({ server: '', profile: 'gpu-large' })]);
  });

  it('refuses a spawn over quota, saying how much remains', async () => {
    const set = await call('PUT', 'api/quotas/user/bob', root, { cpuHours: 0.5, windowDays: 7 });
    expect(set.status).toBe(200);
    // (An empty body would reuse bob's last options: the Hub keeps them, even refused ones.)
    const refused = await call('POST', 'hub/api/users/bob/server', bob, { profile: 'small' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe(
      "quota exceeded (user bob): 0 of 0.5 CPU-hours used in the last 7 days, 0.5 remaining; profile 'small' needs 1 CPU-hours per hour",
    );
  });

  it('stops servers and adds users to a group in bulk, with a result per item', async () => {
    const stopped = await call('POST', 'api/bulk', root, {
      action: 'stop',
      servers: [{ user: 'alice' }, { user: 'ghost' }],
    });
    expect(stopped.status).toBe(200);
    const answer = (await stopped.json()) as {
      succeeded: number;
      failed: number;
      results: Array<{ user: string; ok: boolean; status: number; message: string }>;
    };
    expect(answer).toMatchObject({ succeeded: 1, failed: 1 });
    expect(answer.results[0]).toMatchObject({ user: 'alice', ok: true });
    expect(answer.results[1]).toMatchObject({ user: 'ghost', ok: false, status: 404 });
    await waitForServer('alice', false);
    // The Hub's post_stop_hook closed alice's session in the ledger.
    let running: unknown[] = [1];
    for (let i = 0; i < 40 && running.length > 0; i += 1) {
      running = (
        (await (await call('GET', 'api/usage/mine', alice)).json()) as { running: unknown[] }
      ).running;
      if (running.length > 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(running).toEqual([]);

    const grouped = await call('POST', 'api/bulk', root, {
      action: 'add-to-group',
      group: 'gpu-users',
      users: ['bob'],
    });
    expect(((await grouped.json()) as { succeeded: number }).succeeded).toBe(1);
    expect((await admin.call('GET', 'users/bob')).groups).toEqual(['gpu-users']);
    expect(
      (await call('POST', 'api/bulk', alice, { action: 'stop', servers: [{ user: 'bob' }] }))
        .status,
    ).toBe(403);
  });

  it("reports the month's usage per user and profile as CSV, to admins", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const response = await call('GET', `api/usage.csv?month=${month}`, root);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('month,user,profile,sessions,hours,cpu_hours,memory_gib_hours,gpu_hours');
    expect(lines[1]).toMatch(new RegExp(`^${month},alice,gpu-large,1,`));
    expect((await call('GET', 'api/usage.csv', alice)).status).toBe(403);
  });

  it("stops a server once it outlives its profile's max age", async () => {
    const short = { ...small, slug: 'short', displayName: 'Short', maxAge: 5 };
    expect((await call('POST', 'api/profiles', root, short)).status).toBe(201);
    const started = await call('POST', 'hub/api/users/alice/server', alice, { profile: 'short' });
    expect([201, 202]).toContain(started.status);
    await waitForServer('alice', true);
    await waitForServer('alice', false);
    const usage = (await (await call('GET', 'api/usage/mine', alice)).json()) as {
      running: unknown[];
    };
    expect(usage.running).toEqual([]);
  });
});
