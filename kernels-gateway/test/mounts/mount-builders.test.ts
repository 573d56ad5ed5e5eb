import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors.js';
import { chooseDriver } from '../../src/mounts/driver-choice.js';
import {
  rcloneConfig,
  rcloneMountArgs,
  rcloneRemote,
} from '../../src/mounts/drivers/rclone-config.js';
import { parseMountInfo } from '../../src/mounts/mount-table.js';
import { checkS3Source, publicSource } from '../../src/mounts/s3-source.js';

const s3 = {
  kind: 's3' as const,
  url: 's3://era5-bucket/reanalysis/',
  endpoint: 'http://127.0.0.1:9000',
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('rclone builders', () => {
  it('writes the credentials into the config file only', () => {
    const config = rcloneConfig(s3);
    expect(config).toContain(`secret_access_key = ${s3.secretAccessKey}`);
    expect(config).toContain('env_auth = false');
    expect(config).toContain('endpoint = http://127.0.0.1:9000');
    const args = rcloneMountArgs({
      source: publicSource(s3) as never,
      mountPoint: '/home/alice/data/era5',
      configFile: '/state/rclone/alice/era5.conf',
      cacheDir: '/cache/alice/era5',
      logFile: '/state/rclone/alice/era5.log',
    });
    expect(args.join(' ')).not.toContain(s3.secretAccessKey);
    expect(args.join(' ')).not.toContain(s3.accessKeyId);
    expect(args.slice(0, 3)).toEqual([
      'mount',
      'styx:era5-bucket/reanalysis',
      '/home/alice/data/era5',
    ]);
    expect(args).toContain('--read-only');
    expect(args[args.indexOf('--vfs-cache-mode') + 1]).toBe('off');
  });

  it('leaves an anonymous source without keys (and never the environment`s)', () => {
    const config = rcloneConfig({ kind: 's3', url: 's3://sentinel-cogs', anonymous: true });
    expect(config).not.toContain('access_key_id');
    expect(config).toContain('env_auth = false');
    expect(config).toContain('provider = AWS');
    expect(rcloneRemote('s3://sentinel-cogs')).toBe('styx:sentinel-cogs');
  });

  it('never shows credentials in the public source', () => {
    expect(publicSource(s3)).toEqual({
      kind: 's3',
      url: s3.url,
      endpoint: s3.endpoint,
    });
  });

  it('asks for credentials or anonymous, not both nor neither', () => {
    expect(() => checkS3Source({ kind: 's3', url: 's3://bucket' })).toThrow(/anonymous: true/);
    expect(() => checkS3Source({ ...s3, anonymous: true })).toThrow(InvalidRequestError);
    expect(() => checkS3Source({ ...s3, endpoint: 'http://user:pw@host' })).toThrow(
      /must not hold credentials/,
    );
    expect(checkS3Source(s3)).toBe(s3);
  });
});

describe('driver choice', () => {
  const posix = { kind: 'posix' as const, path: '/srv/data/era5' };
  it('defaults to symlink and rclone, falling back to fsspec without FUSE', () => {
    expect(chooseDriver(posix, undefined, { fuse: true, privileged: false })).toBe('symlink');
    expect(chooseDriver(posix, undefined, { fuse: true, privileged: true })).toBe('bind');
    expect(chooseDriver(s3, undefined, { fuse: true, privileged: false })).toBe('rclone');
    expect(chooseDriver(s3, undefined, { fuse: false, privileged: false })).toBe('fsspec');
  });
  it('refuses a driver that does not fit the source or the server', () => {
    const none = { fuse: false, privileged: false };
    expect(() => chooseDriver(posix, 'rclone', none)).toThrow(/mounts S3 data/);
    expect(() => chooseDriver(s3, 'symlink', none)).toThrow(/shows POSIX data/);
    expect(() => chooseDriver(s3, 'rclone', none)).toThrow(/use the fsspec driver/);
    expect(() => chooseDriver(posix, 'bind', none)).toThrow(/not available/);
  });
});

describe('mountinfo', () => {
  it('reads mount points (unescaped), propagation and type', () => {
    const text = [
      '36 35 98:0 /mnt1 /mnt/my\\040data rw,noatime master:1 shared:7 - ext3 /dev/root rw',
      '37 36 0:44 / /home/alice/data/era5 ro,nosuid - fuse.rclone styx:era5 ro',
    ].join('\n');
    expect(parseMountInfo(text)).toEqual([
      { mountPoint: '/mnt/my data', propagation: ['master:1', 'shared:7'], fsType: 'ext3' },
      { mountPoint: '/home/alice/data/era5', propagation: [], fsType: 'fuse.rclone' },
    ]);
  });
});
