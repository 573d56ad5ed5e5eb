import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../../src/testing/index.js';
import { startPodmanService } from '../../src/testing/podman-service.js';
import { hubAdmin } from '../support/hub-api.js';

/**
 * The processing service as the Hub runs it: a managed service at /services/processing/,
 * trusting the Hub's tokens, running jobs on real podman for the user who asked.
 */
describe('processing as a JupyterHub service', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let hub: LocalHub;
  let files: Server;
  let csvUrl: string;
  let processing: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    podman = await startPodmanService();
    files = createServer((_request, res) => {
      res
        .writeHead(200, { 'content-type': 'text/csv' })
        .end('date,water_level_m\n2024-05-01,1.5\n2024-05-02,2.5\n');
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    csvUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/gauge.csv`;
    hub = await startLocalHub({
      env: {
        STYX_PROCESSING: 'on',
        STYX_DOCKER_HOST: podman.host,
        STYX_PROCESSING_INPUT_LOCATIONS: new URL('/', csvUrl).href,
      },
      services: ['catalog', 'processing'],
    });
    processing = `${hub.url}services/processing/`;
    const admin = hubAdmin(hub);
    await admin.createUser('alice');
    await admin.createUser('bob');
    alice = await admin.tokenFor('alice');
    bob = await admin.tokenFor('bob');
  });
  afterAll(async () => {
    await hub?.stop();
    await new Promise((resolve) => files?.close(resolve));
    await podman?.stop();
  });

  const call = (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${processing}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `token ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('roots its links at the Hub, runs a job for the user who asked, and hides it from others', async () => {
    const landing = (await (await call('GET', '')).json()) as { links: Array<{ href: string }> };
    expect(landing.links[0]?.href).toBe(processing);

    const execute = { inputs: { series: csvUrl } };
    expect(
      (await call('POST', 'processes/river-level-statistics/execution', undefined, execute)).status,
    ).toBe(401);
    const submitted = await call(
      'POST',
      'processes/river-level-statistics/execution',
      alice,
      execute,
      {
        prefer: 'respond-async',
      },
    );
    expect(submitted.status).toBe(201);
    const { jobID } = (await submitted.json()) as { jobID: string };
    expect(submitted.headers.get('location')).toBe(`${processing}jobs/${jobID}`);

    let status = '';
    for (let i = 0; i < 150 && !['successful', 'failed'].includes(status); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await (await call('GET', `jobs/${jobID}`, alice)).json()) as { status: string })
        .status;
    }
    expect(status).toBe('successful');
    const results = (await (await call('GET', `jobs/${jobID}/results`, alice)).json()) as {
      statistics: { mean: number; count: number };
    };
    expect(results.statistics).toMatchObject({ count: 2, mean: 2 });

    expect((await call('GET', `jobs/${jobID}`, bob)).status).toBe(404);
    expect((await call('DELETE', `jobs/${jobID}`, bob)).status).toBe(404);
    const bobs = (await (await call('GET', 'jobs', bob)).json()) as { jobs: unknown[] };
    expect(bobs.jobs).toEqual([]);
  });
});
