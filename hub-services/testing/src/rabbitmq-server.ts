import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const RABBITMQ_SH = fileURLToPath(new URL('../../../scripts/rabbitmq.sh', import.meta.url));
const run = promisify(execFile);

export interface RabbitMq {
  /** `amqp://styx:<password>@127.0.0.1:<port>` */
  url: string;
  /** Its folder and ports, all its own. */
  dir: string;
  ports: { amqp: number; dist: number; epmd: number };
  stop(): Promise<void>;
  /** Starts it again after `stop`: same data, same ports, same user. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * A throw-away RabbitMQ started by scripts/rabbitmq.sh on free loopback ports, in a temporary
 * folder; `stop` and `restart` let a test take the broker away and bring it back.
 */
export async function startRabbitMq(): Promise<RabbitMq> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-rabbitmq-'));
  const ports = { amqp: await freePort(), dist: await freePort(), epmd: await freePort() };
  const env = {
    ...process.env,
    STYX_RABBITMQ_DIR: dir,
    STYX_RABBITMQ_PORT: String(ports.amqp),
    STYX_RABBITMQ_DIST_PORT: String(ports.dist),
    STYX_RABBITMQ_EPMD_PORT: String(ports.epmd),
  };
  const script = async (command: 'start' | 'stop' | 'env') => {
    try {
      return (await run('bash', [RABBITMQ_SH, command], { env, timeout: 180_000 })).stdout;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`scripts/rabbitmq.sh ${command} failed:\n${stdout}${stderr}`);
    }
  };
  const start = async () => {
    await script('start');
  };
  const stop = async () => {
    await script('stop');
  };
  try {
    await start();
  } catch (error) {
    await stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = /STYX_PROCESSING_AMQP_URL=(\S+)/.exec(await script('env'))?.[1] as string;
  return {
    url,
    dir,
    ports,
    stop,
    restart: start,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
