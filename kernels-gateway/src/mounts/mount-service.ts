import { join } from 'node:path';
import { ConflictError, GatewayError, NotFoundError } from '../errors.js';
import { chooseDriver, type DriverCapabilities } from './driver-choice.js';
import { BindDriver } from './drivers/bind-driver.js';
import { FsspecDriver } from './drivers/fsspec-driver.js';
import type { MountDriver } from './drivers/mount-driver.js';
import { RcloneDriver, type RcloneSettings } from './drivers/rclone-driver.js';
import { SymlinkDriver } from './drivers/symlink-driver.js';
import { fuseUsable } from './fuse-support.js';
import {
  CONTAINER_HOME,
  checkMountName,
  containerMountPath,
  DATA_DIR,
  freeMountPoint,
  resolveDataDir,
} from './mount-point.js';
import { type MountRecord, mountModel } from './mount-record.js';
import type { MountDriverName, MountModel, MountRequest } from './mount-request.js';
import { MountStore } from './mount-store.js';
import { mountAt } from './mount-table.js';
import { resolvePosixSource } from './posix-source.js';
import { MOUNT_HELPER, PrivilegedMounter } from './privileged/privileged-mounter.js';
import { checkS3Source, publicSource } from './s3-source.js';

/** The logging the service does: pino's, or anything with the same three methods. */
export interface MountLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface MountServiceOptions {
  /** The user's home directory; their mounts appear in `<home>/data/<name>`. */
  homeFor: (user: string) => string;
  /** Where mount records (one file per user, 0600) and rclone's per-mount config are kept. */
  stateDir: string;
  /** rclone for S3 FUSE mounts; without it (or without FUSE) S3 data gets the fsspec driver. */
  rclone?: RcloneSettings | undefined;
  /** POSIX sources must resolve (real path) inside one of these. */
  allowedPosixRoots: string[];
  /**
   * How to run the privileged helper (styx-mount-helper), e.g. `['sudo', '-n', path]`, or
   * `[MOUNT_HELPER]` when the gateway is root. With it, data dirs are made rshared mount points
   * and POSIX data is bind-mounted, so mounts reach kernel containers already running.
   */
  privilegedHelper?: readonly string[] | undefined;
  log?: MountLog | undefined;
}

/** One kernel-container bind of a mount (the provisioner adds these when it starts one). */
export interface ContainerMount {
  name: string;
  hostPath: string;
  containerPath: string;
}

/** The user's whole data dir, for containers to bind with rslave so later mounts appear. */
export interface SharedDataDir {
  hostPath: string;
  containerPath: string;
  propagation: 'rslave';
}

const silent: MountLog = { info() {}, warn() {}, error() {} };

/**
 * Per-user dataset mounts: made, listed and removed for their owner only (another user's mount
 * answers as one that does not exist), kept on disk and made again by `restore()` after a
 * restart. One user's changes run one at a time, so two requests cannot race for a name.
 */
export class MountService {
  private readonly store: MountStore;
  private readonly log: MountLog;
  private readonly drivers: Record<MountDriverName, MountDriver>;
  private readonly rclone: RcloneDriver;
  private readonly privileged: PrivilegedMounter | undefined;
  private readonly records = new Map<string, MountRecord[]>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private capabilities: Promise<DriverCapabilities> | undefined;

  constructor(private readonly options: MountServiceOptions) {
    this.store = new MountStore(options.stateDir);
    this.log = options.log ?? silent;
    this.privileged = options.privilegedHelper
      ? new PrivilegedMounter(options.privilegedHelper, options.allowedPosixRoots)
      : undefined;
    // Drivers exist even when unavailable for new mounts, so that old ones can be removed.
    this.rclone = new RcloneDriver(
      options.rclone ?? { binary: 'rclone', cacheDir: join(options.stateDir, 'rclone-cache') },
      join(options.stateDir, 'rclone'),
    );
    this.drivers = {
      symlink: new SymlinkDriver(),
      bind: new BindDriver(this.privileged ?? new PrivilegedMounter([MOUNT_HELPER])),
      rclone: this.rclone,
      fsspec: new FsspecDriver(),
    };
  }

  async list(owner: string): Promise<MountModel[]> {
    return (await this.recordsOf(owner)).map(mountModel);
  }

  async get(owner: string, name: string): Promise<MountModel> {
    return mountModel(await this.find(owner, name));
  }

  async create(owner: string, request: MountRequest): Promise<MountModel> {
    const name = checkMountName(request.name);
    return this.exclusive(owner, async () => {
      const records = await this.recordsOf(owner);
      if (records.some((record) => record.name === name)) {
        throw new ConflictError(`you already have a mount named ${name}`);
      }
      const driver = chooseDriver(request.source, request.driver, await this.capabilitiesOf());
      const source = request.source;
      const sourcePath =
        source.kind === 'posix'
          ? await resolvePosixSource(source.path, this.options.allowedPosixRoots)
          : undefined;
      if (source.kind === 's3') checkS3Source(source);
      const home = this.options.homeFor(owner);
      await this.shareDataDir(home);
      const record: MountRecord = {
        owner,
        name,
        driver,
        source: publicSource(source),
        ...(request.stac ? { stac: request.stac } : {}),
        state: 'mounted',
        createdAt: new Date().toISOString(),
        mountPoint: await freeMountPoint(home, name),
        ...(sourcePath ? { sourcePath } : {}),
      };
      if (driver === 'rclone' && source.kind === 's3') await this.rclone.configure(record, source);
      try {
        await this.drivers[driver].mount(record);
      } catch (error) {
        await this.drivers[driver].forget?.(record);
        this.log.warn({ owner, name, driver, err: error }, 'mount failed');
        throw new GatewayError(
          driver === 'rclone' ? 502 : 500,
          driver === 'rclone' ? 'Bad Gateway' : 'Internal Server Error',
          `could not mount ${name}: ${(error as Error).message}`,
        );
      }
      await this.save(owner, [...records, record]);
      this.log.info({ owner, name, driver, source: record.source }, 'mounted');
      return mountModel(record);
    });
  }

  async remove(owner: string, name: string): Promise<void> {
    await this.exclusive(owner, async () => {
      const record = await this.find(owner, name);
      const driver = this.drivers[record.driver];
      try {
        await driver.unmount(record);
        await driver.forget?.(record);
      } catch (error) {
        this.log.error({ owner, name, err: error }, 'unmount failed');
        throw new GatewayError(
          500,
          'Internal Server Error',
          `could not unmount ${name}: ${(error as Error).message}`,
        );
      }
      const records = await this.recordsOf(owner);
      await this.save(
        owner,
        records.filter((other) => other.name !== name),
      );
      this.log.info({ owner, name }, 'unmounted');
    });
  }

  /**
   * After a start: every kept mount that is not in place any more (a reboot, a dead rclone) is
   * made again, its POSIX source checked against today's data roots; what cannot be made is
   * kept as `failed` with the reason, for the user to see and remove.
   */
  async restore(): Promise<{ mounted: number; failed: number }> {
    const counts = { mounted: 0, failed: 0 };
    for (const owner of await this.store.owners()) {
      await this.exclusive(owner, async () => {
        const restored: MountRecord[] = [];
        for (const record of await this.recordsOf(owner)) {
          const next = await this.reestablish(record);
          counts[next.state === 'mounted' ? 'mounted' : 'failed'] += 1;
          restored.push(next);
        }
        await this.save(owner, restored);
      });
    }
    this.log.info(counts, 'mounts restored');
    return counts;
  }

  /** Waits for changes under way; mounts stay in place for the next start. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  /** What a kernel container of the user's binds, at `/home/jovyan/data/<name>`. */
  async mountsFor(owner: string): Promise<ContainerMount[]> {
    return (await this.recordsOf(owner))
      .filter((record) => record.state === 'mounted')
      .map((record) => ({
        name: record.name,
        hostPath: this.drivers[record.driver].hostPath(record),
        containerPath: containerMountPath(record.name),
      }));
  }

  /**
   * With the privileged helper: the user's data dir, an rshared mount point, which a container
   * binds (instead of the single mounts) with rslave propagation, so that mounts made after it
   * started appear in it too. Undefined without the helper (or before the first mount).
   */
  async sharedDataDirFor(owner: string): Promise<SharedDataDir | undefined> {
    if (!this.privileged) return undefined;
    const dataDir = await resolveDataDir(this.options.homeFor(owner), { create: false }).catch(
      () => undefined,
    );
    if (!dataDir) return undefined;
    const entry = await mountAt(dataDir);
    if (!entry?.propagation.some((field) => field.startsWith('shared:'))) return undefined;
    return {
      hostPath: dataDir,
      containerPath: `${CONTAINER_HOME}/${DATA_DIR}`,
      propagation: 'rslave',
    };
  }

  /**
   * Before a kernel container of the user starts (with their home bound rslave): makes their
   * data dir an rshared mount point, so mounts made while the container runs appear in it.
   * Nothing to do without the privileged helper.
   */
  async prepareForContainers(owner: string): Promise<void> {
    await this.exclusive(owner, () => this.shareDataDir(this.options.homeFor(owner)));
  }

  private async reestablish(record: MountRecord): Promise<MountRecord> {
    const driver = this.drivers[record.driver];
    const { message: _message, ...kept } = record;
    try {
      if (await driver.isMounted(record)) return { ...kept, state: 'mounted' };
      await driver.unmount(record);
      const home = this.options.homeFor(record.owner);
      await this.shareDataDir(home);
      const next: MountRecord = { ...kept, state: 'mounted' };
      next.mountPoint = await freeMountPoint(home, record.name);
      if (record.source.kind === 'posix') {
        next.sourcePath = await resolvePosixSource(
          record.source.path,
          this.options.allowedPosixRoots,
        );
      }
      await driver.mount(next);
      return next;
    } catch (error) {
      const message = `could not mount it again after a restart: ${(error as Error).message}`;
      this.log.warn({ owner: record.owner, name: record.name, err: error }, message);
      return { ...kept, state: 'failed', message };
    }
  }

  private async shareDataDir(home: string): Promise<void> {
    if (!this.privileged) return;
    const dataDir = await resolveDataDir(home);
    const entry = await mountAt(dataDir);
    if (entry?.propagation.some((field) => field.startsWith('shared:'))) return;
    await this.privileged.share(dataDir);
  }

  private async find(owner: string, name: string): Promise<MountRecord> {
    const record = (await this.recordsOf(owner)).find((r) => r.name === name);
    if (!record) throw new NotFoundError(`you have no mount named ${name}`);
    return record;
  }

  private async recordsOf(owner: string): Promise<MountRecord[]> {
    let records = this.records.get(owner);
    if (!records) {
      records = await this.store.read(owner);
      this.records.set(owner, records);
    }
    return records;
  }

  private async save(owner: string, records: MountRecord[]): Promise<void> {
    await this.store.write(owner, records);
    this.records.set(owner, records);
  }

  private capabilitiesOf(): Promise<DriverCapabilities> {
    this.capabilities ??= (async () => ({
      fuse: this.options.rclone !== undefined && (await fuseUsable()),
      privileged: this.privileged !== undefined,
    }))();
    return this.capabilities;
  }

  /** Runs one user's changes one after another. */
  private exclusive<T>(owner: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(owner) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.queues.set(owner, settled);
    void settled.then(() => {
      if (this.queues.get(owner) === settled) this.queues.delete(owner);
    });
    return next;
  }
}
