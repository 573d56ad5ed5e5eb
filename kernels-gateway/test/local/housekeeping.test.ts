import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelManager } from '@jupyterlab/services';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { KernelCuller } from '../../src/kernels/kernel-culler.js';
import { isRunning } from '../../src/provisioners/local-provisioner.js';
import { execute } from '../support/execute.js';
import {
  clientSettings,
  LOCAL_SPEC,
  startGateway,
  type TestGateway,
  USERS,
} from '../support/gateway.js';

const auth = { Authorization: `token ${USERS.alice.token}`, 'content-type': 'application/json' };

async function startKernel(gateway: TestGateway, name = 'python3'): Promise<Response> {
  return fetch(`${gateway.url}api/kernels`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name }),
  });
}

/** The result of a cell run in an existing kernel, through a connection of its own. */
async function result(manager: KernelManager, id: string, code: string): Promise<string> {
  const kernel = manager.connectTo({ model: { id, name: 'python3' } });
  const run = await execute(kernel, code);
  kernel.dispose();
  return run.result;
}

describe('kernel housekeeping: culling, launch timeouts, gateway restarts', () => {
  let gateways: TestGateway[] = [];
  afterEach(async () => {
    for (const g of gateways) await g.close();
    gateways = [];
  });

  it('culls a kernel left idle with nobody connected, and keeps the one a client is using', async () => {
    const gateway = await startGateway();
    gateways.push(gateway);
    const idle = ((await (await startKernel(gateway)).json()) as { id: string }).id;
    const used = ((await (await startKernel(gateway)).json()) as { id: string }).id;
    const manager = new KernelManager({
      serverSettings: clientSettings(gateway.url, USERS.alice.token),
    });
    const connection = manager.connectTo({ model: { id: used, name: 'python3' } });
    await connection.info;
    const idlePid = Number(gateway.kernels.get('alice', idle).record.provisioned.pid);

    const culler = new KernelCuller(
      gateway.kernels,
      { idleMs: 1_500, intervalMs: 250, connected: false, busy: false },
      pino({ level: 'silent' }),
    );
    culler.start();
    await new Promise((r) => setTimeout(r, 3_000));
    culler.stop();

    const listed = (await (
      await fetch(`${gateway.url}api/kernels`, { headers: auth })
    ).json()) as Array<{ id: string }>;
    expect(listed.map((k) => k.id)).toEqual([used]);
    expect(isRunning(idlePid)).toBe(false);
    connection.dispose();
    manager.dispose();
  });

  it('stops a kernel that never registers within the launch timeout: a 504, and no process left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'styx-hang-'));
    const pids = join(dir, 'pids');
    // A "Python" that starts a child and hangs without ever registering.
    const hang = join(dir, 'hang.sh');
    writeFileSync(hang, `#!/bin/sh\nsleep 300 &\necho $$ $! > "${pids}"\nexec sleep 300\n`);
    chmodSync(hang, 0o755);
    const gateway = await startGateway({
      launchTimeoutMs: 2_000,
      specs: [LOCAL_SPEC, { ...LOCAL_SPEC, name: 'hangs', config: { python: hang } }],
    });
    gateways.push(gateway);

    const response = await startKernel(gateway, 'hangs');
    expect(response.status).toBe(504);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /did not register within 2 s/,
    );
    const [shellPid, childPid] = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
    expect(isRunning(shellPid as number)).toBe(false);
    expect(isRunning(childPid as number)).toBe(false);
    expect(gateway.kernels.list('alice')).toEqual([]);
  });

  it('says why when the launcher exits before registering, with its output', async () => {
    const gateway = await startGateway({
      specs: [LOCAL_SPEC, { ...LOCAL_SPEC, name: 'broken', config: { python: '/bin/false' } }],
    });
    gateways.push(gateway);
    const response = await startKernel(gateway, 'broken');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /exited \(code 1\) before it registered/,
    );
  });

  it('finds its kernels again after a restart of the gateway, state and all', async () => {
    const first = await startGateway({ stateDir: mkdtempSync(join(tmpdir(), 'styx-kernels-')) });
    const id = ((await (await startKernel(first)).json()) as { id: string }).id;
    const before = new KernelManager({
      serverSettings: clientSettings(first.url, USERS.alice.token),
    });
    await result(before, id, 'river = "Rhône"');
    before.dispose();
    await first.close({ shutdownKernels: false });

    const second = await startGateway({ stateDir: first.stateDir });
    gateways.push(second);
    const listed = (await (
      await fetch(`${second.url}api/kernels`, { headers: auth })
    ).json()) as Array<{ id: string }>;
    expect(listed.map((k) => k.id)).toEqual([id]);
    const after = new KernelManager({
      serverSettings: clientSettings(second.url, USERS.alice.token),
    });
    expect(await result(after, id, 'river')).toBe("'Rhône'");
    after.dispose();
  });
});
