import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const RABBITMQ_SH = fileURLToPath(new URL('../../../scripts/rabbitmq.sh', import.meta.url));

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * A throw-away RabbitMQ (scripts/rabbitmq.sh) on free loopback ports; `stop` and `start` again
 * (same data, same port) let a test take the broker away and bring it back.
 */
export async function startRabbitMq(): Promise<{
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-rabbitmq-'));
  const port = await freePort();
  const env = {
    ...process.env,
    STYX_RABBITMQ_DIR: dir,
    STYX_RABBITMQ_PORT: String(port),
    STYX_RABBITMQ_DIST_PORT: String(await freePort()),
    STYX_RABBITMQ_EPMD_PORT: String(await freePort()),
  };
  let child: ReturnType<typeof spawn> | undefined;
  let output = '';
  const start = async () => {
    const running = spawn('bash', [RABBITMQ_SH, 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    running.stdout?.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
    });
    running.stderr?.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
    });
    const deadline = Date.now() + 120_000;
    while (!(await accepts(port))) {
      if (running.exitCode !== null || Date.now() > deadline)
        throw new Error(`RabbitMQ did not come up on ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    stop,
    restart: start,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
