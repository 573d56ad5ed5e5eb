import { type Static, Type } from 'typebox';

/**
 * The mount's name is also its directory, `<home>/data/<name>`: one path segment that starts
 * with a letter or digit, so never `.`, `..`, a hidden file or anything with a slash.
 */
export const MOUNT_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const MountName = Type.String({
  pattern: MOUNT_NAME_PATTERN,
  description: 'the directory under data/ in your home: letters, digits, ".", "_", "-"',
});

export const PosixSource = Type.Object(
  {
    kind: Type.Literal('posix'),
    path: Type.String({ minLength: 1, maxLength: 4096, description: 'an absolute path' }),
  },
  { additionalProperties: false },
);

/**
 * Every value here ends up on a line of an rclone config file, so none may hold white space
 * or a line break (which would add config lines of the caller's choosing).
 */
const ConfigValue = (description: string, maxLength = 1024) =>
  Type.String({ pattern: '^[\\x21-\\x7e]+$', minLength: 1, maxLength, description });

export const S3Source = Type.Object(
  {
    kind: Type.Literal('s3'),
    url: Type.String({
      // Bucket names as S3 allows them (3-63 of lower-case letters, digits, "." and "-").
      pattern: '^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[\\x21-\\x7e]*)?$',
      maxLength: 1100,
      description: 's3://bucket or s3://bucket/prefix',
    }),
    endpoint: Type.Optional(
      Type.String({
        pattern: '^https?://[\\x21-\\x7e]+$',
        maxLength: 1024,
        description: 'an S3-compatible server, http(s)://host[:port]; AWS when absent',
      }),
    ),
    region: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$' })),
    anonymous: Type.Optional(Type.Boolean({ description: 'public data: no credentials' })),
    accessKeyId: Type.Optional(ConfigValue('kept by the server only, never shown again', 256)),
    secretAccessKey: Type.Optional(ConfigValue('kept by the server only, never shown again')),
  },
  { additionalProperties: false },
);

export const MountSource = Type.Union([PosixSource, S3Source]);

/** What a user sees of a source: the S3 credentials are never sent back. */
export const PublicS3Source = Type.Omit(S3Source, ['accessKeyId', 'secretAccessKey']);
export const PublicMountSource = Type.Union([PosixSource, PublicS3Source]);

export const MountDriverName = Type.Union([
  Type.Literal('symlink'),
  Type.Literal('bind'),
  Type.Literal('rclone'),
  Type.Literal('fsspec'),
]);

/** Where the data came from in the catalog: kept on the record, not used to mount. */
export const StacProvenance = Type.Object(
  {
    item: Type.Optional(Type.String({ maxLength: 2048 })),
    collection: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

export const MountRequest = Type.Object(
  {
    name: MountName,
    source: MountSource,
    driver: Type.Optional(MountDriverName),
    stac: Type.Optional(StacProvenance),
  },
  { additionalProperties: false },
);

export const MountModel = Type.Object({
  name: Type.String(),
  /** Relative to the user's home, as their file browser (the Jupyter contents API) shows it. */
  path: Type.String(),
  driver: MountDriverName,
  source: PublicMountSource,
  stac: Type.Optional(StacProvenance),
  state: Type.Union([Type.Literal('mounted'), Type.Literal('failed')]),
  message: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export type MountSource = Static<typeof MountSource>;
export type S3Source = Static<typeof S3Source>;
export type PosixSource = Static<typeof PosixSource>;
export type PublicMountSource = Static<typeof PublicMountSource>;
export type MountDriverName = Static<typeof MountDriverName>;
export type MountRequest = Static<typeof MountRequest>;
export type MountModel = Static<typeof MountModel>;
