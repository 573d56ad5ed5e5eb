import { KernelManager, type KernelMessage, ServerConnection } from '@jupyterlab/services';
import { freePort, hubAdmin, type LocalHub, startLocalHub } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/** JupyterLab's client for a server behind the Hub, the token in the header (REST and websocket). */
function settings(baseUrl: string, token: string): ServerConnection.ISettings {
  class AuthorizedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { Authorization: `token ${token}` } });
    }
  }
  return ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, 'ws'),
    token,
    appendToken: false,
    WebSocket: AuthorizedWebSocket as unknown as typeof globalThis.WebSocket,
  });
}

/**
 * The Styx Hub as `npm start` runs it: the kernels gateway as a Hub service, each user's
 * Jupyter Server in gateway mode calling it with its own Hub token. A kernel started from the
 * user's server lives in the gateway, belongs to that user, and is invisible to anyone else.
 */
describe('kernels through the Hub: the user’s server runs its kernels in the gateway', () => {
  let hub: LocalHub;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    hub = await startLocalHub({
      env: { STYX_KERNELS: 'on', STYX_KERNELS_PORT: String(await freePort()) },
      services: ['catalog', 'kernels'],
    });
    const admin = hubAdmin(hub);
    await admin.createUser('alice');
    await admin.createUser('bob');
    alice = await admin.tokenFor('alice');
    bob = await admin.tokenFor('bob');
    await admin.call('POST', 'users/alice/server');
    const deadline = Date.now() + 120_000;
    for (;;) {
      const user = (await admin.call('GET', 'users/alice')) as {
        servers: Record<string, { ready: boolean }>;
      };
      if (user.servers['']?.ready) break;
      if (Date.now() > deadline)
        throw new Error(`alice's server did not start\n${hub.log().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('starts a kernel from the user’s server that runs in the gateway, as that user, in their home', async () => {
    const manager = new KernelManager({ serverSettings: settings(`${hub.url}user/alice/`, alice) });
    const kernel = await manager.startNew({ name: 'python3' });
    const future = kernel.requestExecute({
      code: "import os; (os.environ['KERNEL_USERNAME'], os.path.basename(os.getcwd()), 'JUPYTERHUB_API_TOKEN' in os.environ)",
    });
    let result = '';
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === 'execute_result') {
        result = String((msg as KernelMessage.IExecuteResultMsg).content.data['text/plain']);
      }
    };
    await future.done;
    // The Hub's token for the server never reaches the kernel's environment.
    expect(result).toBe("('alice', 'alice', False)");

    const gateway = `${hub.url}services/kernels/api/kernels`;
    const own = (await (
      await fetch(gateway, { headers: { authorization: `token ${alice}` } })
    ).json()) as Array<{ id: string }>;
    expect(own.map((k) => k.id)).toEqual([kernel.id]);
    const others = (await (
      await fetch(gateway, { headers: { authorization: `token ${bob}` } })
    ).json()) as unknown[];
    expect(others).toEqual([]);
    const stolen = await fetch(`${gateway}/${kernel.id}`, {
      method: 'DELETE',
      headers: { authorization: `token ${bob}` },
    });
    expect(stolen.status).toBe(404);

    await kernel.shutdown();
    const after = (await (
      await fetch(gateway, { headers: { authorization: `token ${alice}` } })
    ).json()) as unknown[];
    expect(after).toEqual([]);
    manager.dispose();
  });
});
