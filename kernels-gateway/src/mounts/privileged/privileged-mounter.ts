import { fileURLToPath } from 'node:url';
import { runCommand } from '../command.js';

/** The helper as shipped; installed root-owned and run through sudo in production. */
export const MOUNT_HELPER = fileURLToPath(new URL('./styx-mount-helper', import.meta.url));

/**
 * The thin client of styx-mount-helper, the one privileged program: `argv` is how to run it,
 * e.g. `['sudo', '-n', '/usr/local/libexec/styx-mount-helper']`, or just its path when the
 * gateway is root.
 */
export class PrivilegedMounter {
  constructor(
    private readonly argv: readonly string[],
    /**
     * The data roots, for a helper run directly as root; under sudo it reads its own
     * /etc/styx/mount-roots instead (sudo drops the variable), so the gateway cannot widen them.
     */
    private readonly dataRoots: readonly string[] = [],
  ) {}

  /** Makes `<home>/data` an rshared mount point, so later mounts below it reach containers. */
  async share(dataDir: string): Promise<void> {
    await runCommand([...this.argv, 'share', dataDir]);
  }

  async bind(source: string, mountPoint: string): Promise<void> {
    await runCommand([...this.argv, 'bind', source, mountPoint], {
      env: {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        STYX_MOUNT_ROOTS: this.dataRoots.join(':'),
      },
    });
  }

  async unmount(mountPoint: string): Promise<void> {
    await runCommand([...this.argv, 'unmount', mountPoint]);
  }
}
