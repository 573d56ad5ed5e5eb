import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const SLURM_SH = fileURLToPath(new URL('../../../scripts/slurm.sh', import.meta.url));

/**
 * A throw-away one-node Slurm (scripts/slurm.sh) on free loopback ports in its own folder:
 * slurmrestd's URL, the JWT key to mint tokens with, the SLURM_CONF for sbatch.
 * `minJobAgeSeconds`: how soon slurmctld forgets a finished job (then only the accounting
 * knows it; slurmctld purges once a minute).
 */
export async function startSlurm(options: { minJobAgeSeconds?: number } = {}): Promise<{
  url: string;
  jwtKey: Buffer;
  env: Record<string, string>;
  stop(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-slurm-'));
  const env: Record<string, string> = {
    STYX_SLURM_DIR: dir,
    STYX_SLURMCTLD_PORT: String(await freePort()),
    STYX_SLURMD_PORT: String(await freePort()),
    STYX_SLURMDBD_PORT: String(await freePort()),
    STYX_SLURMRESTD_PORT: String(await freePort()),
    STYX_SLURM_MARIADB_PORT: String(await freePort()),
    ...(options.minJobAgeSeconds !== undefined
      ? { STYX_SLURM_MIN_JOB_AGE: String(options.minJobAgeSeconds) }
      : {}),
  };
  const stop = async () => {
    await run('bash', [SLURM_SH, 'stop'], { env: { ...process.env, ...env } }).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run('bash', [SLURM_SH, 'start'], { env: { ...process.env, ...env }, timeout: 240_000 });
  } catch (error) {
    await stop();
    throw new Error(`Slurm did not start: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  return {
    url: `http://127.0.0.1:${env.STYX_SLURMRESTD_PORT}/`,
    jwtKey: await readFile(join(dir, 'etc', 'jwt_hs256.key')),
    env: { ...env, SLURM_CONF: join(dir, 'etc', 'slurm.conf') },
    stop,
  };
}
