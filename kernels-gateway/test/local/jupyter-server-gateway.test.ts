import { KernelManager, KernelSpecManager, type ServerConnection } from '@jupyterlab/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../support/execute.js';
import { clientSettings, startGateway, type TestGateway, USERS } from '../support/gateway.js';
import { type JupyterServer, startJupyterServer } from '../support/jupyter-server.js';

/**
 * The way a user's server uses the gateway: a real Jupyter Server started with
 * `--GatewayClient.url` (jupyter_server's own gateway client) in front of it, and JupyterLab's
 * client talking to that server, exactly as the browser would.
 */
describe('a real Jupyter Server in gateway mode runs every kernel through the Styx gateway', () => {
  let gateway: TestGateway;
  let server: JupyterServer;
  let settings: ServerConnection.ISettings;

  beforeAll(async () => {
    gateway = await startGateway();
    server = await startJupyterServer({ gateway: { url: gateway.url, token: USERS.alice.token } });
    settings = clientSettings(server.url, server.token);
  });

  afterAll(async () => {
    await server?.stop();
    await gateway?.close();
  });

  it('offers the gateway’s kernel specs, with where they run', async () => {
    const specs = new KernelSpecManager({ serverSettings: settings });
    await specs.ready;
    expect(specs.specs?.default).toBe('python3');
    const spec = specs.specs?.kernelspecs.python3;
    expect(spec?.display_name).toBe('Python 3 (local)');
    expect(spec?.metadata).toMatchObject({
      styx: { provisioner: 'local', runsOn: 'a process on the gateway host' },
    });
    specs.dispose();
  });

  it('starts, executes, interrupts, restarts and shuts down a kernel that lives in the gateway', async () => {
    const manager = new KernelManager({ serverSettings: settings });
    await manager.ready;
    const kernel = await manager.startNew({ name: 'python3' });
    // The server's kernel is the gateway's kernel: same id, owned by the token's user.
    expect(gateway.kernels.get('alice', kernel.id).id).toBe(kernel.id);

    const run = (code: string) => execute(kernel, code);
    expect(await run('1 + 1')).toMatchObject({ status: 'ok', result: '2' });

    const long = run('import time\nfor _ in range(600): time.sleep(0.1)');
    await new Promise((r) => setTimeout(r, 1500));
    await kernel.interrupt();
    expect(await long).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });

    await run('x = 5');
    await kernel.restart();
    expect((await run("'x' in globals()")).result).toBe('False');

    const listed = await fetch(`${server.url}api/kernels`, {
      headers: { Authorization: `token ${server.token}` },
    }).then((r) => r.json());
    expect(listed).toEqual([expect.objectContaining({ id: kernel.id, name: 'python3' })]);

    await kernel.shutdown();
    expect(gateway.kernels.list('alice')).toEqual([]);
    manager.dispose();
  });
});
