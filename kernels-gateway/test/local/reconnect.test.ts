import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGateway, type TestGateway, USERS } from '../support/gateway.js';

interface LegacyMessage {
  channel: string;
  msg_type: string;
  header: { msg_id: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

/** A raw client speaking the legacy JSON framing, as GatewayClient does. */
function connect(
  url: string,
  sessionId: string,
): Promise<{ socket: WebSocket; messages: LegacyMessage[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}?session_id=${sessionId}`, {
      headers: { Authorization: `token ${USERS.alice.token}` },
    });
    const messages: LegacyMessage[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as LegacyMessage));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('error', reject);
  });
}

function executeRequest(sessionId: string, code: string) {
  const msgId = randomUUID();
  return {
    msgId,
    frame: JSON.stringify({
      channel: 'shell',
      header: {
        msg_id: msgId,
        msg_type: 'execute_request',
        session: sessionId,
        username: 'alice',
        date: new Date().toISOString(),
        version: '5.3',
      },
      parent_header: {},
      metadata: {},
      content: {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
    }),
  };
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a client that reconnects with its session gets what the kernel said meanwhile', () => {
  let gateway: TestGateway;
  let channels: string;

  beforeAll(async () => {
    gateway = await startGateway();
    const started = await fetch(`${gateway.url}api/kernels`, {
      method: 'POST',
      headers: { Authorization: `token ${USERS.alice.token}` },
      body: '{}',
    });
    const { id } = (await started.json()) as { id: string };
    channels = `${gateway.url.replace(/^http/, 'ws')}api/kernels/${id}/channels`;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('delivers the output and the reply of a cell that finished while the websocket was gone', async () => {
    const session = randomUUID();
    const first = await connect(channels, session);
    const request = executeRequest(
      session,
      "import time; time.sleep(1.5); print('measured at Beaucaire')",
    );
    first.socket.send(request.frame);
    await until(() =>
      first.messages.some(
        (m) => m.msg_type === 'status' && m.parent_header.msg_id === request.msgId,
      ),
    );
    first.socket.terminate();

    await new Promise((r) => setTimeout(r, 2500));
    const second = await connect(channels, session);
    const ofRequest = () => second.messages.filter((m) => m.parent_header.msg_id === request.msgId);
    await until(() => ofRequest().some((m) => m.msg_type === 'execute_reply'));
    const stream = ofRequest().find((m) => m.msg_type === 'stream');
    expect(stream?.content.text).toBe('measured at Beaucaire\n');
    expect(ofRequest().find((m) => m.msg_type === 'execute_reply')?.content.status).toBe('ok');
    second.socket.close();
  });

  it('gives a new session nothing of another session’s past', async () => {
    const session = randomUUID();
    const first = await connect(channels, session);
    const request = executeRequest(session, "print('only for the first')");
    first.socket.send(request.frame);
    await until(() => first.messages.some((m) => m.msg_type === 'execute_reply'));
    first.socket.close();
    const other = await connect(channels, randomUUID());
    await new Promise((r) => setTimeout(r, 500));
    expect(other.messages.filter((m) => m.parent_header.msg_id === request.msgId)).toEqual([]);
    other.socket.close();
  });
});
