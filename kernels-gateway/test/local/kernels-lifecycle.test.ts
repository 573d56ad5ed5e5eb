import { KernelManager, type KernelMessage } from '@jupyterlab/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../support/execute.js';
import { clientSettings, startGateway, type TestGateway, USERS } from '../support/gateway.js';

describe('kernels through the gateway, driven by JupyterLab’s own client (local provisioner, real ipykernel)', () => {
  let gateway: TestGateway;
  let manager: KernelManager;

  beforeAll(async () => {
    gateway = await startGateway();
    manager = new KernelManager({ serverSettings: clientSettings(gateway.url, USERS.alice.token) });
    await manager.ready;
  });

  afterAll(async () => {
    manager?.dispose();
    await gateway?.close();
  });

  it('starts a kernel that executes code, and lists it with its activity and state', async () => {
    const kernel = await manager.startNew({ name: 'python3' });
    const outcome = await execute(kernel, 'print("hello from", "styx"); 1 + 1');
    expect(outcome).toMatchObject({ status: 'ok', out: 'hello from styx\n', result: '2' });
    const listed = await fetch(`${gateway.url}api/kernels`, {
      headers: { Authorization: `token ${USERS.alice.token}` },
    }).then((r) => r.json());
    expect(listed).toEqual([
      expect.objectContaining({
        id: kernel.id,
        name: 'python3',
        execution_state: 'idle',
        connections: 1,
        last_activity: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      }),
    ]);
    await kernel.shutdown();
  });

  it('answers input() through stdin', async () => {
    const kernel = await manager.startNew({ name: 'python3' });
    kernel.anyMessage.connect((_, { msg, direction }) => {
      if (direction === 'recv' && msg.header.msg_type === 'input_request') {
        kernel.sendInputReply(
          { status: 'ok', value: 'Garonne' },
          msg.header as KernelMessage.IHeader<'input_request'>,
        );
      }
    });
    const outcome = await execute(kernel, 'river = input("river? ")\nprint(river.upper())');
    expect(outcome.out).toContain('GARONNE');
    await kernel.shutdown();
  });

  it('interrupts a running cell, and the kernel keeps its state', async () => {
    const kernel = await manager.startNew({ name: 'python3' });
    await execute(kernel, 'kept = 42');
    const long = execute(kernel, 'import time\nfor _ in range(600): time.sleep(0.1)');
    await new Promise((r) => setTimeout(r, 1500));
    await kernel.interrupt();
    const interrupted = await long;
    expect(interrupted).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    expect((await execute(kernel, 'kept')).result).toBe('42');
    await kernel.shutdown();
  });

  it('restarts a kernel: same id, fresh namespace, still executing', async () => {
    const kernel = await manager.startNew({ name: 'python3' });
    await execute(kernel, 'before_restart = 1');
    const pidBefore = (await execute(kernel, 'import os; os.getpid()')).result;
    await kernel.restart();
    const after = await execute(
      kernel,
      "'before_restart' in globals(), os.getpid() if 'os' in globals() else __import__('os').getpid()",
    );
    expect(after.status).toBe('ok');
    expect(after.result).toMatch(/^\(False, \d+\)$/);
    expect(after.result).not.toContain(String(pidBefore));
    expect((await manager.findById(kernel.id))?.id).toBe(kernel.id);
    await kernel.shutdown();
  });

  it('shuts a kernel down: its process ends and it is gone from the list', async () => {
    const kernel = await manager.startNew({ name: 'python3' });
    const pid = Number((await execute(kernel, 'import os; os.getpid()')).result);
    await kernel.shutdown();
    expect(() => process.kill(pid, 0)).toThrow();
    const response = await fetch(`${gateway.url}api/kernels/${kernel.id}`, {
      headers: { Authorization: `token ${USERS.alice.token}` },
    });
    expect(response.status).toBe(404);
  });
});
