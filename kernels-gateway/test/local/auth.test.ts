import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway, type TestGateway, USERS } from '../support/gateway.js';

/** What a websocket upgrade answers: the HTTP status of a refusal, or 101 when it opens. */
function upgrade(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(
      url,
      token ? { headers: { Authorization: `token ${token}` } } : {},
    );
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

describe('every REST route and websocket upgrade checks the token; kernels are their owner’s only', () => {
  let gateway: TestGateway;
  let aliceKernel: string;
  const call = (method: string, path: string, token?: string) =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `token ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: method === 'POST' ? '{}' : undefined,
    });

  beforeAll(async () => {
    gateway = await startGateway();
    const started = await call('POST', 'api/kernels', USERS.alice.token);
    expect(started.status).toBe(201);
    aliceKernel = ((await started.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it.each([
    ['GET', 'api/kernelspecs'],
    ['GET', 'api/kernelspecs/python3'],
    ['GET', 'api/kernels'],
    ['POST', 'api/kernels'],
  ])('%s %s without a token or with a made-up one: 401', async (method, path) => {
    expect((await call(method, path)).status).toBe(401);
    expect((await call(method, path, 'made-up-token-0000000')).status).toBe(401);
  });

  it.each([
    ['GET', ''],
    ['DELETE', ''],
    ['POST', '/interrupt'],
    ['POST', '/restart'],
  ])(
    '%s on another user’s kernel%s: 404, as if it did not exist, and it keeps running',
    async (method, suffix) => {
      const response = await call(method, `api/kernels/${aliceKernel}${suffix}`, USERS.bob.token);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toContain(aliceKernel);
      expect((await call('GET', `api/kernels/${aliceKernel}`, USERS.alice.token)).status).toBe(200);
    },
  );

  it('lists nobody else’s kernels', async () => {
    const bobs = (await (await call('GET', 'api/kernels', USERS.bob.token)).json()) as unknown[];
    expect(bobs).toEqual([]);
    const alices = (await (await call('GET', 'api/kernels', USERS.alice.token)).json()) as Array<{
      id: string;
    }>;
    expect(alices.map((k) => k.id)).toEqual([aliceKernel]);
  });

  it('refuses the channels upgrade without a token (401) and to another user (404); opens it for the owner', async () => {
    const ws = `${gateway.url.replace(/^http/, 'ws')}api/kernels/${aliceKernel}/channels`;
    expect(await upgrade(ws)).toBe(401);
    expect(await upgrade(ws, 'made-up-token-0000000')).toBe(401);
    expect(await upgrade(ws, USERS.bob.token)).toBe(404);
    expect(await upgrade(ws, USERS.alice.token)).toBe(101);
  });

  it('gives bad input a 400 that says what is wrong', async () => {
    const response = await call('GET', 'api/kernels/not-a-kernel-id', USERS.alice.token);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/kernelId/);
    const unknownSpec = await fetch(`${gateway.url}api/kernels`, {
      method: 'POST',
      headers: { Authorization: `token ${USERS.alice.token}` },
      body: JSON.stringify({ name: 'fortran77' }),
    });
    expect(unknownSpec.status).toBe(404);
    expect(((await unknownSpec.json()) as { message: string }).message).toContain('offers python3');
    const notJson = await fetch(`${gateway.url}api/kernels`, {
      method: 'POST',
      headers: { Authorization: `token ${USERS.alice.token}` },
      body: 'name=python3',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses a registration with a token it did not issue', async () => {
    const response = await fetch(`${gateway.url}api/styx/kernel-registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: 'x'.repeat(43),
        connection: {
          ip: '127.0.0.1',
          transport: 'tcp',
          signature_scheme: 'hmac-sha256',
          key: 'k'.repeat(64),
          shell_port: 1,
          iopub_port: 2,
          stdin_port: 3,
          control_port: 4,
          hb_port: 5,
        },
      }),
    });
    expect(response.status).toBe(403);
  });
});
