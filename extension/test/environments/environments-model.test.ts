import { describe, expect, it } from 'vitest';
import { EnvironmentsModel } from '../../src/environments/environments-model.js';
import { EMPTY_PROFILE_FORM } from '../../src/environments/profile-form.js';
import type { UserRow } from '../../src/environments/types.js';

const BASE = 'http://hub.test/services/environments/';

const row = (name: string, extra: Partial<UserRow> = {}): UserRow => ({
  name,
  admin: false,
  groups: ['hydro-lab'],
  state: 'stopped',
  profile: null,
  lastActivity: null,
  servers: [],
  usage: { last30Days: { cpuHours: 0, memoryGiBHours: 0, gpuHours: 0 }, quotas: [] },
  ...extra,
});

/** The network seam: what the environments service answers, per method and path. */
function service(routes: Record<string, (body: unknown) => { status: number; body: unknown }>) {
  const asked: Array<{ method: string; path: string; body: unknown }> = [];
  const fetch = async (input: string, init?: RequestInit) => {
    const path = input.replace(BASE, '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    asked.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    if (!route) return new Response('{"code":"NotFound","description":"no"}', { status: 404 });
    const answer = route(body);
    return typeof answer.body === 'string'
      ? new Response(answer.body, {
          status: answer.status,
          headers: { 'content-type': 'text/csv' },
        })
      : Response.json(answer.body, { status: answer.status });
  };
  return { fetch, asked };
}

const profiles = { profiles: [], mayCreate: true, editable: [] };

describe('the environments admin model', () => {
  it('offers itself only to Hub admins and delegated admins, and to nobody when the service is off', async () => {
    const me = (role: string) =>
      new EnvironmentsModel({
        baseUrl: BASE,
        fetch: service({
          'GET api/me': () => ({ status: 200, body: { name: 'x', role, groups: [] } }),
        }).fetch,
      });
    expect(await me('admin').loadMe()).toBe(true);
    expect(await me('group-admin').loadMe()).toBe(true);
    expect(await me('user').loadMe()).toBe(false);
    const off = new EnvironmentsModel({
      baseUrl: BASE,
      fetch: async () => new Response('not found', { status: 404 }),
    });
    expect(await off.loadMe()).toBe(false);
    expect(off.me).toBeNull();
  });

  it('reads the users and profiles, and sends a bulk stop of the selected running servers', async () => {
    const users = [
      row('ana', {
        state: 'running',
        servers: [
          {
            name: '',
            state: 'running',
            started: null,
            lastActivity: null,
            profile: 'small',
            profileVersion: 1,
          },
        ],
      }),
      row('bob'),
    ];
    const hub = service({
      'GET api/users': () => ({ status: 200, body: { users } }),
      'GET api/profiles': () => ({ status: 200, body: profiles }),
      'POST api/bulk': () => ({
        status: 200,
        body: {
          action: 'stop',
          succeeded: 1,
          failed: 0,
          results: [{ user: 'ana', server: '', ok: true, status: 204, message: 'done' }],
        },
      }),
    });
    const model = new EnvironmentsModel({ baseUrl: BASE, fetch: hub.fetch });
    let changes = 0;
    model.changed.connect(() => {
      changes += 1;
    });
    await model.refresh();
    expect(model.users.map((u) => u.name)).toEqual(['ana', 'bob']);
    expect(changes).toBeGreaterThan(0);

    // Nothing selected: a sentence, and nothing sent.
    await model.runBulk('stop');
    expect(model.error).toBe('select users first');
    expect(hub.asked.some((a) => a.path === 'api/bulk')).toBe(false);

    model.selectAll(true);
    await model.runBulk('stop');
    expect(hub.asked.find((a) => a.path === 'api/bulk')?.body).toEqual({
      action: 'stop',
      servers: [{ user: 'ana', server: '' }],
    });
    expect(model.lastBulk?.results).toEqual([expect.objectContaining({ user: 'ana', ok: true })]);
    expect(model.error).toBeNull();
  });

  it("shows the service's refusal of a bulk action as its sentence", async () => {
    const hub = service({
      'GET api/users': () => ({ status: 200, body: { users: [row('oz')] } }),
      'GET api/profiles': () => ({ status: 200, body: profiles }),
      'POST api/bulk': () => ({
        status: 403,
        body: {
          code: 'Forbidden',
          description: 'lena administers the users of hydro-lab only; not: oz',
        },
      }),
    });
    const model = new EnvironmentsModel({ baseUrl: BASE, fetch: hub.fetch });
    await model.refresh();
    model.toggle('oz');
    await model.runBulk('add-to-group', 'hydro-lab');
    expect(model.error).toBe('lena administers the users of hydro-lab only; not: oz');
  });

  it("puts the service's 400 beside each field, and on success reads the new version's history", async () => {
    let accept = false;
    const hub = service({
      'POST api/profiles': () =>
        accept
          ? { status: 201, body: { slug: 'hydro', version: 1 } }
          : {
              status: 400,
              body: {
                code: 'InvalidRequest',
                description:
                  'body/cpu must be number; body/memory must match pattern "^[0-9]+(\\.[0-9]+)?[KMGT]$"; body must have required property \'image\'',
              },
            },
      'GET api/profiles': () => ({ status: 200, body: profiles }),
      'GET api/profiles/hydro/versions': () => ({
        status: 200,
        body: {
          versions: [
            { version: 1, deleted: false, created: '2026-12-07T10:00:00Z', createdBy: 'lena' },
          ],
        },
      }),
      'GET api/audit?target=profile%3Ahydro&limit=50': () => ({
        status: 200,
        body: {
          records: [
            { id: 1, actor: 'lena', action: 'create', version: 1, diff: { cpu: { to: 2 } } },
          ],
        },
      }),
    });
    const model = new EnvironmentsModel({ baseUrl: BASE, fetch: hub.fetch });
    const form = {
      ...EMPTY_PROFILE_FORM,
      slug: 'hydro',
      displayName: 'Hydro',
      cpu: 'two',
      memory: '4 gigs',
    };
    expect(await model.saveProfile(form, true)).toBe(false);
    expect(model.formMessages.cpu).toEqual(['must be number']);
    expect(model.formMessages.memory?.[0]).toMatch(/^must match pattern/);
    expect(model.formMessages.image).toEqual(['is required']);
    // What was typed went as typed: the service's validation said what is wrong with it.
    expect(hub.asked[0]?.body).toMatchObject({ cpu: 'two', memory: '4 gigs' });

    accept = true;
    expect(await model.saveProfile({ ...form, cpu: '2', memory: '4G', image: 'x' }, true)).toBe(
      true,
    );
    expect(model.formMessages).toEqual({});
    expect(model.history).toMatchObject({
      slug: 'hydro',
      versions: [{ version: 1, createdBy: 'lena' }],
      records: [{ actor: 'lena' }],
    });
  });

  it("downloads a month's usage report as the service sends it", async () => {
    const hub = service({
      'GET api/usage.csv?month=2026-12': () => ({
        status: 200,
        body: 'month,user\r\n2026-12,ana\r\n',
      }),
    });
    const model = new EnvironmentsModel({ baseUrl: BASE, fetch: hub.fetch });
    const { blob, name } = await model.usageCsv('2026-12');
    expect(name).toBe('styx-usage-2026-12.csv');
    expect(await blob.text()).toBe('month,user\r\n2026-12,ana\r\n');
    await expect(model.usageCsv('2026-13')).rejects.toThrow(/no/);
  });
});
