import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAuth } from '../../src/hub-auth/index.js';
import { processingErrors } from '../../src/processing/processing-errors.js';
import { resultRoutes } from '../../src/processing/routes/results.js';

const JOB = '0b7e4a52-5f0e-4d0c-9a53-2b1f2c0a9d11';
const user = (name: string, admin = false) => ({
  kind: 'user' as const,
  name,
  admin,
  groups: [],
  scopes: ['access:services'],
});

/** The local results folder as the processing service serves it: to the owner and admins only. */
describe('the results route', () => {
  let dir: string;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'styx-results-route-'));
    await mkdir(join(dir, 'results', 'ada', JOB, 'report'), { recursive: true });
    await writeFile(join(dir, 'results', 'ada', JOB, 'report', 'counts.json'), '{"rows": 2}');
    // Beside the results folder: what a `..` would reach.
    await mkdir(join(dir, JOB), { recursive: true });
    await writeFile(join(dir, JOB, 'secret.txt'), 'not a result');
    app = Fastify();
    await app.register(processingErrors);
    await app.register(hubAuth, {
      hub: undefined,
      staticTokens: [
        { token: 'ada-token-123456', identity: user('ada') },
        { token: 'bob-token-123456', identity: user('bob') },
        { token: 'root-token-12345', identity: user('root', true) },
      ],
    });
    await app.register(resultRoutes, { root: join(dir, 'results') });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A raw HTTP request: the path goes out exactly as written, `..` included. */
  const get = (path: string, token: string) =>
    new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { authorization: `token ${token}` } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              type: String(res.headers['content-type']),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });

  it("gives the owner and admins a job's file, and anyone else the 404 of a missing one", async () => {
    const path = `/results/ada/${JOB}/report/counts.json`;
    expect(await get(path, 'ada-token-123456')).toMatchObject({
      status: 200,
      body: '{"rows": 2}',
      type: expect.stringContaining('application/json'),
    });
    expect((await get(path, 'root-token-12345')).status).toBe(200);
    expect((await get(path, 'bob-token-123456')).status).toBe(404);
    expect((await get(`/results/ada/${JOB}/report/none.json`, 'ada-token-123456')).status).toBe(
      404,
    );
  });

  it('never reads outside the results folder, not even for an admin', async () => {
    for (const path of [
      `/results/../${JOB}/secret.txt`,
      `/results/%2e%2e/${JOB}/secret.txt`,
      `/results/ada/${JOB}/../../../${JOB}/secret.txt`,
      `/results/ada/${JOB}/report/%2e%2e/%2e%2e/%2e%2e/%2e%2e/${JOB}/secret.txt`,
    ]) {
      const answer = await get(path, 'root-token-12345');
      expect(answer.body, path).not.toContain('not a result');
      expect(answer.status, path).not.toBe(200);
    }
  });
});
