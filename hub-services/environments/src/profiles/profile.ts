import { type Static, Type } from 'typebox';

/** A profile's name in URLs, Hub user_options and audit records. */
export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'lower-case letters, digits and dashes, starting with a letter or digit',
});

/**
 * Memory as JupyterHub's ByteSpecification reads it (`Spawner.mem_limit`): a number with a K, M,
 * G or T suffix (powers of 1024), e.g. `4G` or `512M`.
 */
export const Memory = Type.String({
  pattern: '^[0-9]+(\\.[0-9]+)?[KMGT]$',
  description: 'a number and K, M, G or T (powers of 1024), as JupyterHub mem_limit reads it',
});

export const Mount = Type.Object(
  {
    /** A host path, a PVC name or an S3 prefix, as the spawner in use understands it. */
    source: Type.String({ minLength: 1, maxLength: 1024 }),
    /** Where it appears in the user's server. */
    target: Type.String({ pattern: '^/', maxLength: 1024 }),
    readOnly: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

/**
 * What an admin writes: one environment a user may pick at spawn. The JSON Schema every
 * profile is validated against (the API's request body, the store's reads), defined once.
 */
export const ProfileInput = Type.Object(
  {
    slug: Slug,
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 2000, default: '' }),
    /** The single-user image (OCI reference) for container spawners. */
    image: Type.String({ minLength: 1, maxLength: 512, pattern: '^[^\\s]+$' }),
    /** CPU cores (Spawner.cpu_limit). */
    cpu: Type.Number({ exclusiveMinimum: 0, maximum: 512 }),
    memory: Memory,
    gpu: Type.Integer({ minimum: 0, maximum: 16, default: 0 }),
    mounts: Type.Array(Mount, { maxItems: 32, default: [] }),
    /** Seconds without activity before the server is culled; 0: never. */
    idleTimeout: Type.Integer({ minimum: 0, default: 3600 }),
    /** Seconds after its start that a server is stopped whatever it does; 0: no limit. */
    maxAge: Type.Integer({ minimum: 0, default: 0 }),
    /** Hub groups whose members may use it; empty: every user. Admins may use every profile. */
    allowedGroups: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
      maxItems: 256,
      uniqueItems: true,
      default: [],
    }),
  },
  { additionalProperties: false },
);
export type ProfileInput = Static<typeof ProfileInput>;

/** A stored profile: what the admin wrote plus its version and who wrote it when. */
export const Profile = Type.Object({
  ...ProfileInput.properties,
  version: Type.Integer({ minimum: 1 }),
  updated: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});
export type Profile = Static<typeof Profile>;
