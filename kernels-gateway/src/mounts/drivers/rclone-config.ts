import type { PublicMountSource, S3Source } from '../mount-request.js';

/** The one remote in each mount's own config file. */
const REMOTE = 'styx';

/** `s3://bucket/prefix` as rclone's remote path, `styx:bucket/prefix`. */
export function rcloneRemote(url: string): string {
  const path = url.replace(/^s3:\/\//, '').replace(/\/+$/, '');
  return `${REMOTE}:${path}`;
}

/**
 * The config file of one mount: the only place its S3 credentials are written (mode 0600),
 * so they never appear on a command line (visible to every user in `ps`) nor in a log. The
 * schema has already refused values with white space, so no value can add a line.
 * `env_auth = false` always: a mount without keys is anonymous, never the service's own
 * AWS identity.
 */
export function rcloneConfig(source: S3Source): string {
  const lines = [
    `[${REMOTE}]`,
    'type = s3',
    `provider = ${source.endpoint ? 'Other' : 'AWS'}`,
    'env_auth = false',
  ];
  if (!source.anonymous && source.accessKeyId && source.secretAccessKey) {
    lines.push(`access_key_id = ${source.accessKeyId}`);
    lines.push(`secret_access_key = ${source.secretAccessKey}`);
  }
  if (source.endpoint) lines.push(`endpoint = ${source.endpoint}`, 'force_path_style = true');
  if (source.region) lines.push(`region = ${source.region}`);
  return `${lines.join('\n')}\n`;
}

export interface RcloneMountPlan {
  source: Extract<PublicMountSource, { kind: 's3' }>;
  mountPoint: string;
  configFile: string;
  cacheDir: string;
  logFile: string;
}

/**
 * `rclone mount`, read-only and lazy: without a VFS cache (`off`; nothing is written, so
 * nothing needs caching) every read becomes a ranged GET of a small chunk (1 MiB, doubling on
 * sequential reads up to 64 MiB), and the read-ahead buffer is one chunk, so opening a 10 GB
 * file to read its header fetches about a megabyte. `--daemon` returns once the mount is up
 * (or failed); the daemon stays when the gateway restarts, so restarts keep mounts alive.
 * `--allow-other` lets the user (and their kernels) read a mount the gateway made. Few retries
 * and short timeouts, so that an unreachable endpoint fails a listing in seconds rather than
 * hanging the user's file browser for minutes.
 */
export function rcloneMountArgs(plan: RcloneMountPlan): string[] {
  return [
    'mount',
    rcloneRemote(plan.source.url),
    plan.mountPoint,
    '--config',
    plan.configFile,
    '--cache-dir',
    plan.cacheDir,
    '--read-only',
    '--vfs-cache-mode',
    'off',
    '--vfs-read-chunk-size',
    '1M',
    '--vfs-read-chunk-size-limit',
    '64M',
    '--buffer-size',
    '1M',
    '--dir-cache-time',
    '1m',
    '--allow-other',
    '--low-level-retries',
    '3',
    '--contimeout',
    '10s',
    '--timeout',
    '60s',
    '--daemon',
    '--daemon-wait',
    '30s',
    '--log-file',
    plan.logFile,
    '--log-level',
    'NOTICE',
  ];
}
