import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailedError, runCommand, startDaemon } from '../command.js';
import type { MountRecord } from '../mount-record.js';
import type { S3Source } from '../mount-request.js';
import { ownerFileKey } from '../mount-store.js';
import { mountAt } from '../mount-table.js';
import type { MountDriver } from './mount-driver.js';
import { rcloneConfig, rcloneMountArgs } from './rclone-config.js';

/**
 * rclone's environment: the path, and where TLS roots are (a site may add its own CA), but no
 * RCLONE_* or AWS_* variable of the service's, which would change or authorise the mount.
 */
function rcloneEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const name of ['SSL_CERT_FILE', 'SSL_CERT_DIR']) {
    if (process.env[name]) env[name] = process.env[name];
  }
  return env;
}

const LISTING_DEADLINE_MS = 30_000;

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface RcloneSettings {
  /** The rclone program. */
  binary: string;
  /** rclone's cache, a directory per mount below it. */
  cacheDir: string;
}

/** S3 data through an rclone FUSE mount, read-only and read lazily (see rcloneMountArgs). */
export class RcloneDriver implements MountDriver {
  constructor(
    private readonly settings: RcloneSettings,
    /** Per-mount config (with the credentials) and log files. */
    private readonly stateDir: string,
  ) {}

  /** Writes the mount's config file, 0600 in a 0700 directory: before the first mount only. */
  async configure(record: MountRecord, source: S3Source): Promise<void> {
    const { dir, configFile } = this.filesOf(record);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(configFile, rcloneConfig(source), { mode: 0o600 });
  }

  async mount(record: MountRecord): Promise<void> {
    if (record.source.kind !== 's3') throw new Error('rclone mounts S3 sources only');
    const { configFile, logFile, cacheDir } = this.filesOf(record);
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    await mkdir(record.mountPoint, { mode: 0o755 });
    const args = rcloneMountArgs({
      source: record.source,
      mountPoint: record.mountPoint,
      configFile,
      cacheDir,
      logFile,
    });
    try {
      await startDaemon([this.settings.binary, ...args], { env: rcloneEnv(), timeoutMs: 60_000 });
    } catch (error) {
      await rmdir(record.mountPoint).catch(() => undefined);
      throw new Error(
        `rclone could not mount ${record.source.url}: ${await this.lastError(record, error)}`,
      );
    }
    // rclone mounts without asking S3 anything: one listing (which the file browser would make
    // next anyway, and rclone caches) shows now that the endpoint answers and the keys are valid.
    try {
      await withDeadline(
        readdir(record.mountPoint),
        LISTING_DEADLINE_MS,
        'S3 did not answer a listing in time',
      );
    } catch (error) {
      await this.unmount(record);
      throw new Error(
        `rclone could not list ${record.source.url}: ${await this.lastError(record, error)}`,
      );
    }
  }

  /** rclone's last error, from its log (it says which request failed, never the keys). */
  private async lastError(record: MountRecord, error: unknown): Promise<string> {
    const log = await readFile(this.filesOf(record).logFile, 'utf8').catch(() => '');
    // An entry starts with its date ("2026/01/31 12:00:00 ERROR : …") and may go on for lines.
    const entries = log.split(/\n(?=\d{4}\/\d\d\/\d\d )/);
    const last = entries.findLast((entry) => / (ERROR|CRITICAL) : /.test(entry));
    if (!last) return (error as Error).message;
    return last
      .replace(/^\S+ \S+ (ERROR|CRITICAL) : /, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  }

  async isMounted(record: MountRecord): Promise<boolean> {
    const entry = await mountAt(record.mountPoint);
    if (!entry?.fsType.startsWith('fuse')) return false;
    // A mount whose rclone has died answers ENOTCONN ("transport endpoint is not connected").
    return stat(record.mountPoint).then(
      () => true,
      () => false,
    );
  }

  async unmount(record: MountRecord): Promise<void> {
    await this.detach(record.mountPoint);
    await rmdir(record.mountPoint).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** The credentials go with the mount. */
  async forget(record: MountRecord): Promise<void> {
    const { configFile, logFile, cacheDir } = this.filesOf(record);
    await rm(configFile, { force: true });
    await rm(logFile, { force: true });
    await rm(cacheDir, { recursive: true, force: true });
  }

  private async detach(mountPoint: string): Promise<void> {
    if (!(await mountAt(mountPoint))) return;
    try {
      await runCommand(['fusermount3', '-u', mountPoint]);
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      // Busy (a kernel has a file open) or dead: detach now, the kernel keeps its open file.
      await runCommand(['fusermount3', '-u', '-z', mountPoint]);
    }
  }

  hostPath(record: MountRecord): string {
    return record.mountPoint;
  }

  private filesOf(record: MountRecord) {
    const key = ownerFileKey(record.owner);
    const dir = join(this.stateDir, key);
    return {
      dir,
      configFile: join(dir, `${record.name}.conf`),
      logFile: join(dir, `${record.name}.log`),
      cacheDir: join(this.settings.cacheDir, key, record.name),
    };
  }
}
