import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: the build context of every Containerfile. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** podman's private configuration, as scripts/podman.sh sets it up. */
function podmanEnv(): NodeJS.ProcessEnv {
  const out = execFileSync(
    'bash',
    [
      '-c',
      'eval "$(bash scripts/podman.sh env)" && printf "%s\\n" "$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF" "$CONTAINERS_REGISTRIES_CONF"',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const [conf, storage, registries] = out.trim().split('\n');
  return {
    ...process.env,
    CONTAINERS_CONF: conf,
    CONTAINERS_STORAGE_CONF: storage,
    CONTAINERS_REGISTRIES_CONF: registries,
  };
}

const env = podmanEnv();

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs podman with the project's configuration; never throws on a non-zero exit. */
export async function podman(args: string[], timeoutMs = 120_000): Promise<Result> {
  try {
    const { stdout, stderr } = await run('podman', args, {
      cwd: ROOT,
      env,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(error),
    };
  }
}

/** The tag scripts/images.sh gives an image. */
export function imageTag(name: 'notebook' | 'services' | 'processing'): string {
  return execFileSync('bash', ['scripts/images.sh', 'tag', name], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
}

/** A TCP port free on loopback now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200 (or the container stops, or time runs out). */
export async function waitForOk(
  url: string,
  container: string,
  timeoutMs: number,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return response;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    const state = await podman(['inspect', '--format', '{{.State.Running}}', container]);
    if (state.stdout.trim() !== 'true') {
      const logs = await podman(['logs', container]);
      throw new Error(`container ${container} stopped: ${logs.stdout}${logs.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const logs = await podman(['logs', container]);
  throw new Error(`${url}: ${last} after ${timeoutMs} ms; logs: ${logs.stdout}${logs.stderr}`);
}
