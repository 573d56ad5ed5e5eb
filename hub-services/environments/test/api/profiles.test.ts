import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentsApp, gpuLarge, small } from '../support/environments-app.js';

describe('profiles API', () => {
  let env: Awaited<ReturnType<typeof environmentsApp>>;
  beforeAll(async () => {
    env = await environmentsApp();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('lets only admins create profiles, with defaults filled in and a location', async () => {
    expect((await env.call('POST', '/api/profiles', undefined, small)).statusCode).toBe(401);
    const refused = await env.call('POST', '/api/profiles', 'bob', small);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().description).toMatch(
      /only Hub admins and the delegated admins of a group manage environments; user bob is neither/,
    );

    const created = await env.call('POST', '/api/profiles', 'root', small);
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(
      'http://styx.test/services/environments/api/profiles/small',
    );
    expect(created.json()).toMatchObject({
      ...small,
      description: '',
      gpu: 0,
      mounts: [],
      idleTimeout: 3600,
      maxAge: 0,
      allowedGroups: [],
      version: 1,
      updatedBy: 'root',
    });
    expect((await env.call('POST', '/api/profiles', 'root', gpuLarge)).statusCode).toBe(201);
    const again = await env.call('POST', '/api/profiles', 'root', small);
    expect(again.statusCode).toBe(409);
    expect(again.json().description).toMatch(/exists already .* change it with PUT/);
  });

  it('refuses a profile that breaks the schema, naming each field to fix', async () => {
    const bad = await env.call('POST', '/api/profiles', 'root', {
      ...small,
      slug: 'Big Box',
      memory: '4 gigs',
      cpu: 0,
      colour: 'red',
    });
    expect(bad.statusCode).toBe(400);
    const { description } = bad.json();
    expect(description).toMatch(/body\/slug/);
    expect(description).toMatch(/body\/memory/);
    expect(description).toMatch(/body\/cpu/);
    expect(description).toMatch(/additional properties/);
    expect(
      (await env.call('POST', '/api/profiles', 'root', { ...small, slug: 'mine' })).statusCode,
    ).toBe(400);
  });

  it('keeps every version, answers ?version=, and audits who changed what', async () => {
    const changed = await env.call('PUT', '/api/profiles/small', 'root', {
      ...small,
      cpu: 2,
      memory: '4G',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ cpu: 2, memory: '4G', version: 2 });
    expect((await env.call('GET', '/api/profiles/small', 'root')).json()).toMatchObject({
      cpu: 2,
      version: 2,
    });
    expect((await env.call('GET', '/api/profiles/small?version=1', 'root')).json()).toMatchObject({
      cpu: 1,
      memory: '2G',
      version: 1,
    });
    expect((await env.call('GET', '/api/profiles/small?version=9', 'root')).statusCode).toBe(404);
    expect((await env.call('GET', '/api/profiles/small?version=first', 'root')).statusCode).toBe(
      400,
    );
    const renamed = await env.call('PUT', '/api/profiles/small', 'root', {
      ...small,
      slug: 'tiny',
    });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().description).toMatch(/cannot be renamed/);

    const audit = (await env.call('GET', '/api/audit?target=profile:small', 'root')).json();
    expect(audit.records.map((r: { action: string }) => r.action)).toEqual(['update', 'create']);
    expect(audit.records[0]).toMatchObject({
      actor: 'root',
      version: 2,
      diff: { cpu: { from: 1, to: 2 }, memory: { from: '2G', to: '4G' } },
    });
    expect(Object.keys(audit.records[0].diff)).toEqual(['cpu', 'memory']);
    expect(audit.records[1].diff.slug).toEqual({ to: 'small' });
    expect((await env.call('GET', '/api/audit', 'alice')).statusCode).toBe(403);
  });

  it('shows each user only the profiles their groups allow', async () => {
    const mine = async (who: 'alice' | 'bob' | 'root') =>
      (await env.call('GET', '/api/profiles/mine', who))
        .json()
        .profiles.map((p: { slug: string }) => p.slug);
    expect(await mine('alice')).toEqual(['gpu-large', 'small']);
    expect(await mine('bob')).toEqual(['small']);
    expect(await mine('root')).toEqual(['gpu-large', 'small']);
    expect((await env.call('GET', '/api/profiles', 'bob')).statusCode).toBe(403);
  });

  it('deletes a profile but keeps its history readable', async () => {
    expect((await env.call('DELETE', '/api/profiles/gpu-large', 'alice')).statusCode).toBe(403);
    expect((await env.call('DELETE', '/api/profiles/gpu-large', 'root')).statusCode).toBe(204);
    expect((await env.call('GET', '/api/profiles/gpu-large', 'root')).statusCode).toBe(404);
    expect((await env.call('DELETE', '/api/profiles/gpu-large', 'root')).statusCode).toBe(404);
    expect(
      (await env.call('GET', '/api/profiles/gpu-large?version=1', 'root')).json(),
    ).toMatchObject({
      gpu: 1,
    });
    const versions = (await env.call('GET', '/api/profiles/gpu-large/versions', 'root')).json();
    expect(versions.versions.map((v: { deleted: boolean }) => v.deleted)).toEqual([false, true]);
    const audit = (await env.call('GET', '/api/audit?target=profile:gpu-large', 'root')).json();
    expect(audit.records[0]).toMatchObject({ action: 'delete', diff: { gpu: { from: 1 } } });
    // Created again, it continues the history.
    const back = await env.call('POST', '/api/profiles', 'root', gpuLarge);
    expect(back.json().version).toBe(3);
  });
});
