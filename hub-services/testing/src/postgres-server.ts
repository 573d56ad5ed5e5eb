import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Debian's PostgreSQL 15 (scripts/setup.sh installs it, with PostGIS). */
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface RestartablePostgres {
  port: number;
  url(database: string): string;
  /** Stops the server (fast shutdown); its data stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export interface PostgresOptions {
  /** Server settings (`-c name=value`) beside the defaults, e.g. max_connections. */
  settings?: Record<string, string>;
}

/**
 * A throw-away PostgreSQL 15 (with PostGIS available) on a loopback port and a private socket
 * folder, which a test can stop and start again (the health service's fault injection). Tuned
 * for tests: no fsync, no synchronous commit. PostgreSQL refuses to run as root, so as root it
 * runs as the `postgres` user. Readiness is asked of pg_isready, so this needs no driver.
 */
export async function startRestartablePostgres(
  options: PostgresOptions = {},
): Promise<RestartablePostgres> {
  if (!existsSync(join(PG_BIN, 'postgres'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (${PG_BIN}); run \`bash scripts/setup.sh test\``,
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'styx-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const runAs = (cmd: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', cmd, ...args]]
      : [cmd, args];
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  const [initCmd, initArgs] = runAs(join(PG_BIN, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const [cmd, args] = runAs(join(PG_BIN, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      root,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
    ]);
    const started = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        execFileSync(join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
        return;
      } catch {
        if (started.exitCode !== null || Date.now() > deadline)
          throw new Error(`PostgreSQL did not start: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null) {
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGINT'); // PostgreSQL's "fast shutdown": clients are disconnected
      await exited;
    }
  };
  await start();
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
