import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HubIdentity, hubAuth } from '@styx/hub-auth';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processingErrors } from '../../src/processing-errors.js';
import { byteRange, resultRoutes } from '../../src/routes/results.js';

const JOB = '0b7e4a52-5f0e-4d0c-9a53-2b1f2c0a9d11';
const user = (name: string, admin = false): HubIdentity => ({
  kind: 'user',
  name,
  admin,
  groups: [],
  scopes: [],
});
const as = (token: string) => ({ authorization: `token ${token}` });

/** The local results folder served through the Hub authentication plugin, with fixed tokens. */
describe('results route', () => {
  let dir: string;
  let app: FastifyInstance;
  const get = (url: string, headers: Record<string, string> = as('ada-token')) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'styx-results-route-'));
    const root = join(dir, 'results');
    await mkdir(join(root, 'ada', JOB, 'maps'), { recursive: true });
    await writeFile(join(root, 'ada', JOB, 'maps', 'level.tif'), 'II*\0 not really a tiff');
    await writeFile(join(root, 'ada', JOB, 'counts.json'), '{"rows":2}');
    // Beside the results root: what a path that climbs out would reach.
    await writeFile(join(dir, 'secret.txt'), 'not yours');
    await mkdir(join(dir, JOB), { recursive: true });
    await writeFile(join(dir, JOB, 'secret.txt'), 'not yours either');
    app = Fastify();
    await app.register(processingErrors);
    await app.register(hubAuth, {
      staticTokens: [
        { token: 'ada-token', identity: user('ada') },
        { token: 'bob-token', identity: user('bob') },
        { token: 'root-token', identity: user('root', true) },
      ],
    });
    await app.register(resultRoutes, { root });
    await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the owner their file with its media type and length', async () => {
    const res = await get(`/results/ada/${JOB}/counts.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-length']).toBe('10');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.body).toBe('{"rows":2}');
    const tif = await get(`/results/ada/${JOB}/maps/level.tif`);
    expect(tif.statusCode).toBe(200);
    expect(tif.headers['content-type']).toBe('image/tiff; application=geotiff');
  });

  it('gives an admin anyone’s file', async () => {
    const res = await get(`/results/ada/${JOB}/counts.json`, as('root-token'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"rows":2}');
  });

  it('answers another user as if the file did not exist, and asks for credentials without any', async () => {
    const bob = await get(`/results/ada/${JOB}/counts.json`, as('bob-token'));
    const missing = await get(`/results/ada/${JOB}/nothing.json`);
    expect(bob.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(bob.json().detail).toBe(`no result ada/${JOB}/counts.json`);
    expect((await get(`/results/ada/${JOB}/counts.json`, {})).statusCode).toBe(401);
    expect((await get(`/results/ada/${JOB}/counts.json`, as('nobody'))).statusCode).toBe(401);
  });

  /** Over a real socket, the path exactly as sent: `inject` would normalise dot segments. */
  const rawGet = (path: string, token: string) =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      const { port } = app.server.address() as AddressInfo;
      httpRequest({ host: '127.0.0.1', port, path, headers: as(token) }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      })
        .on('error', fail)
        .end();
    });

  it('never serves a file outside the results folder, whatever the path', async () => {
    const attempts = [
      `/results/ada/${JOB}/../../../secret.txt`,
      `/results/../${JOB}/secret.txt`,
      `/results/ada/${JOB}/%2e%2e/%2e%2e/%2e%2e/secret.txt`,
      `/results/ada/${JOB}/maps/..%2F..%2F..%2F..%2Fsecret.txt`,
      `/results/ada/${JOB}/..%5C..%5Csecret.txt`,
      `/results/%2e%2e/${JOB}/secret.txt`,
      `/results/ada/${JOB}/%2Fetc%2Fpasswd`,
      `/results/ada/${JOB}/maps//level.tif`,
    ];
    for (const url of attempts) {
      for (const token of ['ada-token', 'root-token']) {
        const res = await rawGet(url, token);
        expect([400, 404], `${url} as ${token}: ${res.status}`).toContain(res.status);
        expect(res.body).not.toContain('not yours');
      }
    }
  });

  it('serves byte ranges (RFC 9110 §14), as readers of cloud-optimized GeoTIFFs ask', async () => {
    const url = `/results/ada/${JOB}/counts.json`;
    const part = await get(url, { ...as('ada-token'), range: 'bytes=1-6' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 1-6/10');
    expect(part.body).toBe('"rows"');
    const tail = await get(url, { ...as('ada-token'), range: 'bytes=-3' });
    expect(tail.statusCode).toBe(206);
    expect(tail.body).toBe(':2}');
    const past = await get(url, { ...as('ada-token'), range: 'bytes=10-' });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */10');
    // Several ranges: the whole file, which §14.2 allows.
    const several = await get(url, { ...as('ada-token'), range: 'bytes=0-1,4-5' });
    expect(several.statusCode).toBe(200);
    expect(several.body).toBe('{"rows":2}');
  });

  it('reads Range headers as RFC 9110 §14.1.2 writes them', () => {
    expect(byteRange('bytes=0-0', 10)).toEqual([0, 0]);
    expect(byteRange('bytes=5-', 10)).toEqual([5, 9]);
    expect(byteRange('bytes=5-100', 10)).toEqual([5, 9]);
    expect(byteRange('bytes=-100', 10)).toEqual([0, 9]);
    expect(byteRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=10-12', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=6-2', 10)).toBeUndefined();
    expect(byteRange('items=0-1', 10)).toBeUndefined();
    expect(byteRange(undefined, 10)).toBeUndefined();
  });
});
