import { mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailedError, runCommand } from '../command.js';
import type { MountRecord } from '../mount-record.js';
import type { S3Source } from '../mount-request.js';
import { ownerFileKey } from '../mount-store.js';
import { mountAt } from '../mount-table.js';
import type { MountDriver } from './mount-driver.js';
import { rcloneConfig, rcloneMountArgs } from './rclone-config.js';

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
      await runCommand([this.settings.binary, ...args], { timeoutMs: 60_000 });
    } catch (error) {
      await rmdir(record.mountPoint).catch(() => undefined);
      // --daemon sends its errors to the log file, not stderr.
      const log = await readFile(logFile, 'utf8').catch(() => '');
      const said = log.trim().split('\n').slice(-3).join('\n');
      throw new Error(
        `rclone could not mount ${record.source.url}: ${said || (error as Error).message}`,
      );
    }
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
