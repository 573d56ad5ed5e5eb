import { afterEach, describe, expect, it } from 'vitest';
import { MountsModel } from '../../src/mounts/mounts-model.js';
import type { Mount, MountRequest } from '../../src/mounts/types.js';

const GATEWAY = 'http://127.0.0.1:8000/services/kernels/';

/**
 * The kernels gateway's mounts routes at the model's one seam (its fetch), answering as
 * kernels-gateway/src/routes/mounts.ts does: 201 with the model, 409 on a taken name, 400 with
 * a message on bad input, 204 on DELETE, 404 for a name that is not the user's.
 */
function fakeGateway() {
  const mounts = new Map<string, Mount>();
  const requests: string[] = [];
  const fetchFn = async (input: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const url = new URL(input);
    requests.push(`${method} ${url.pathname}`);
    const path = url.pathname.replace('/services/kernels/', '');
    if (path === 'api/styx/mounts' && method === 'GET') return Response.json([...mounts.values()]);
    if (path === 'api/styx/mounts' && method === 'POST') {
      const body = JSON.parse(String(init?.body)) as MountRequest;
      if (mounts.has(body.name)) {
        return Response.json(
          { message: `mount ${body.name} exists`, reason: 'Conflict' },
          { status: 409 },
        );
      }
      if (body.source.kind === 'posix' && !body.source.path.startsWith('/srv/')) {
        return Response.json(
          {
            message: `${body.source.path} is outside the data this server shares (/srv)`,
            reason: 'InvalidRequest',
          },
          { status: 400 },
        );
      }
      const mount: Mount = {
        name: body.name,
        path: `data/${body.name}`,
        driver: body.source.kind === 'posix' ? 'symlink' : 'rclone',
        source: body.source,
        state: 'mounted',
        createdAt: '2026-12-07T10:30:00.000Z',
        ...(body.stac ? { stac: body.stac } : {}),
      };
      mounts.set(mount.name, mount);
      return Response.json(mount, { status: 201 });
    }
    const name = decodeURIComponent(path.replace('api/styx/mounts/', ''));
    if (!mounts.has(name))
      return Response.json({ message: 'no such mount', reason: 'NotFound' }, { status: 404 });
    if (method === 'DELETE') {
      mounts.delete(name);
      return new Response(null, { status: 204 });
    }
    return Response.json(mounts.get(name));
  };
  return { fetchFn, mounts, requests };
}

let model: MountsModel | undefined;
afterEach(() => model?.dispose());

describe('MountsModel', () => {
  it('mounts, lists and unmounts, telling the view each time', async () => {
    const gateway = fakeGateway();
    model = new MountsModel({ gatewayUrl: GATEWAY, fetch: gateway.fetchFn, pollInterval: 60_000 });
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();
    expect(model.loaded).toBe(true);
    expect(model.mounts).toEqual([]);

    const mounted = await model.mount({
      name: 'gauges',
      source: { kind: 'posix', path: '/srv/styx/gauges' },
      stac: { collection: 'http://hub/services/catalog/collections/gauges' },
    });
    expect(mounted).toMatchObject({ name: 'gauges', path: 'data/gauges', state: 'mounted' });
    expect(model.mounts.map((m) => m.name)).toEqual(['gauges']);
    expect(gateway.requests).toContain('POST /services/kernels/api/styx/mounts');

    await model.unmount('gauges');
    expect(model.mounts).toEqual([]);
    expect(gateway.mounts.size).toBe(0);
    expect(gateway.requests).toContain('DELETE /services/kernels/api/styx/mounts/gauges');
    expect(changes).toBeGreaterThanOrEqual(5);
  });

  it("rejects with the gateway's own sentence, and keeps it for the view", async () => {
    const gateway = fakeGateway();
    model = new MountsModel({ gatewayUrl: GATEWAY, fetch: gateway.fetchFn, pollInterval: 60_000 });
    await expect(
      model.mount({ name: 'etc', source: { kind: 'posix', path: '/etc' } }),
    ).rejects.toThrow('/etc is outside the data this server shares (/srv)');
    expect(model.error).toMatch(/outside the data/);
    expect(model.pending.size).toBe(0);

    await model.mount({ name: 'a', source: { kind: 'posix', path: '/srv/a' } });
    await expect(
      model.mount({ name: 'a', source: { kind: 'posix', path: '/srv/a' } }),
    ).rejects.toThrow('mount a exists');
  });

  it('says when the gateway does not answer', async () => {
    model = new MountsModel({
      gatewayUrl: GATEWAY,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      pollInterval: 60_000,
    });
    await model.refresh();
    expect(model.loaded).toBe(false);
    expect(model.error).toBe(`the kernels gateway at ${GATEWAY} does not answer`);
  });
});
