import { Value } from 'typebox/value';
import { conflict, notFound } from '../environments-errors.js';
import { migrate, type SqlClient } from '../sql-client.js';
import { type Profile, ProfileInput } from './profile.js';
import { diffProfiles, type ProfileDiff } from './profile-diff.js';

/**
 * Every version of every profile is a row; a deletion is a version without a document, so a
 * profile's history (and what a user's server was spawned with) stays readable. Each change
 * writes its audit record in the same statement.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_env_profile_versions (
  slug text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  document jsonb,
  created timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  PRIMARY KEY (slug, version)
);
CREATE TABLE IF NOT EXISTS styx_env_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  version integer,
  diff jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS styx_env_audit_by_target ON styx_env_audit (target, id);
`;

interface VersionRow {
  slug: string;
  version: number;
  document: ProfileInput | null;
  created: Date;
  created_by: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  version: number | null;
  diff: ProfileDiff;
}

export interface ProfileVersionInfo {
  version: number;
  deleted: boolean;
  created: string;
  createdBy: string;
}

const UNIQUE_VIOLATION = '23505';

function toProfile(row: VersionRow): Profile {
  // Stored documents were valid when written; defaults fill fields added to the schema since.
  const document = Value.Default(ProfileInput, structuredClone(row.document)) as ProfileInput;
  return {
    ...document,
    version: row.version,
    updated: new Date(row.created).toISOString(),
    updatedBy: row.created_by,
  };
}

export class ProfileStore {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await migrate(this.sql, SCHEMA);
  }

  /** The live profiles (latest version not deleted), by slug. */
  async list(): Promise<Profile[]> {
    const rows = await this.sql.query<VersionRow>(
      `SELECT * FROM (
         SELECT DISTINCT ON (slug) * FROM styx_env_profile_versions ORDER BY slug, version DESC
       ) latest WHERE document IS NOT NULL ORDER BY slug`,
    );
    return rows.rows.map(toProfile);
  }

  /** The live profile, or the given version of it (also of a since deleted profile). */
  async get(slug: string, version?: number): Promise<Profile | undefined> {
    const row = await this.row(slug, version);
    return row?.document ? toProfile(row) : undefined;
  }

  async versions(slug: string): Promise<ProfileVersionInfo[]> {
    const rows = await this.sql.query<VersionRow>(
      'SELECT * FROM styx_env_profile_versions WHERE slug = $1 ORDER BY version',
      [slug],
    );
    return rows.rows.map((r) => ({
      version: r.version,
      deleted: r.document === null,
      created: new Date(r.created).toISOString(),
      createdBy: r.created_by,
    }));
  }

  async create(input: ProfileInput, actor: string): Promise<Profile> {
    const latest = await this.row(input.slug);
    if (latest?.document)
      throw conflict(
        `a profile '${input.slug}' exists already (version ${latest.version}); change it with PUT`,
      );
    return this.write(input.slug, (latest?.version ?? 0) + 1, input, 'create', actor, undefined);
  }

  async update(slug: string, input: ProfileInput, actor: string): Promise<Profile> {
    const latest = await this.row(slug);
    if (!latest?.document) throw notFound(`no profile '${slug}'; create it with POST first`);
    return this.write(slug, latest.version + 1, input, 'update', actor, latest.document);
  }

  async remove(slug: string, actor: string): Promise<void> {
    const latest = await this.row(slug);
    if (!latest?.document) throw notFound(`no profile '${slug}'`);
    await this.write(slug, latest.version + 1, null, 'delete', actor, latest.document);
  }

  /** Newest first, for one target (`profile:<slug>`, `quota:…`) or all. */
  async audit(target: string | undefined, limit: number): Promise<AuditRecord[]> {
    const rows = await this.sql.query<AuditRecord & { at: Date; id: string }>(
      target
        ? 'SELECT * FROM styx_env_audit WHERE target = $2 ORDER BY id DESC LIMIT $1'
        : 'SELECT * FROM styx_env_audit ORDER BY id DESC LIMIT $1',
      target ? [limit, target] : [limit],
    );
    return rows.rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }));
  }

  /** Appends an audit record for a change made elsewhere (quotas, bulk actions). */
  async record(actor: string, action: string, target: string, diff: unknown): Promise<void> {
    await this.sql.query(
      'INSERT INTO styx_env_audit (actor, action, target, diff) VALUES ($1, $2, $3, $4)',
      [actor, action, target, JSON.stringify(diff)],
    );
  }

  private async row(slug: string, version?: number): Promise<VersionRow | undefined> {
    const rows =
      version === undefined
        ? await this.sql.query<VersionRow>(
            'SELECT * FROM styx_env_profile_versions WHERE slug = $1 ORDER BY version DESC LIMIT 1',
            [slug],
          )
        : await this.sql.query<VersionRow>(
            'SELECT * FROM styx_env_profile_versions WHERE slug = $1 AND version = $2',
            [slug, version],
          );
    return rows.rows[0];
  }

  /** The new version and its audit record in one statement: both or neither. */
  private async write(
    slug: string,
    version: number,
    document: ProfileInput | null,
    action: 'create' | 'update' | 'delete',
    actor: string,
    before: ProfileInput | undefined,
  ): Promise<Profile> {
    const diff = diffProfiles(before, document ?? undefined);
    try {
      const rows = await this.sql.query<VersionRow>(
        `WITH written AS (
           INSERT INTO styx_env_profile_versions (slug, version, document, created_by)
           VALUES ($1, $2, $3::jsonb, $4) RETURNING *
         ), audited AS (
           INSERT INTO styx_env_audit (actor, action, target, version, diff)
           SELECT $4, $5, 'profile:' || slug, version, $6::jsonb FROM written
         )
         SELECT * FROM written`,
        [
          slug,
          version,
          document ? JSON.stringify(document) : null,
          actor,
          action,
          JSON.stringify(diff),
        ],
      );
      const row = rows.rows[0] as VersionRow;
      return document ? toProfile(row) : toProfile({ ...row, document: before ?? null });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION)
        throw conflict(
          `profile '${slug}' was changed meanwhile by someone else; read it and retry`,
        );
      throw error;
    }
  }
}
