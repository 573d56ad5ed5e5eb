import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@styx/testing';
import pg from 'pg';

/**
 * A throw-away PostgreSQL 15 + PostGIS server for the tests, on a loopback port and a private
 * socket folder, started from Debian's binaries (scripts/setup.sh installs them) and stopped
 * afterwards. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  url(database: string): string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, for a server a test starts. */
export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(PG_BIN, 'postgres'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (${PG_BIN}); run \`bash scripts/setup.sh test\``,
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'styx-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const runAs = (cmd: string, args: string[]) =>
    asRoot
      ? ([
          'setpriv',
          ['--reuid=postgres', '--regid=postgres', '--clear-groups', cmd, ...args],
        ] as const)
      : ([cmd, args] as const);
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
  execFileSync(initCmd, [...initArgs], { stdio: 'ignore' });
  const port = await freePort();
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
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=256MB',
  ]);
  const child: ChildProcess = spawn(cmd, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url('postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`PostgreSQL did not start: ${stderr.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT'); // PostgreSQL's "fast shutdown"
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs one SQL statement on a database of the server (admin work: CREATE DATABASE...). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
