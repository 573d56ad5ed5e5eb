/**
 * The kernels gateway's dataset mounts, as its `/api/styx/mounts` routes send and take them
 * (kernels-gateway/src/mounts/mount-request.ts holds the TypeBox schema these mirror).
 */

/** The name is the mount's directory, `data/<name>` in the user's home (the gateway's pattern). */
export const MOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The directory of the user's home that holds every mount. */
export const MOUNTS_DIR = 'data';

export interface PosixSource {
  kind: 'posix';
  /** An absolute directory on the gateway's host. */
  path: string;
}

export interface S3Source {
  kind: 's3';
  /** `s3://bucket` or `s3://bucket/prefix`. */
  url: string;
  /** An S3-compatible server, `http(s)://host[:port]`; AWS when absent. */
  endpoint?: string;
  region?: string;
  anonymous?: boolean;
}

export type MountSource = PosixSource | S3Source;

export type MountDriver = 'symlink' | 'bind' | 'rclone' | 'fsspec';

/** Where the data came from in the catalog (the URL of the STAC item or collection). */
export interface StacProvenance {
  item?: string;
  collection?: string;
}

export interface MountRequest {
  name: string;
  source: MountSource;
  driver?: MountDriver;
  stac?: StacProvenance;
}

export interface Mount {
  name: string;
  /** Relative to the user's home, as the file browser shows it: `data/<name>`. */
  path: string;
  driver: MountDriver;
  source: MountSource;
  state: 'mounted' | 'failed';
  message?: string;
  createdAt: string;
  stac?: StacProvenance;
}
