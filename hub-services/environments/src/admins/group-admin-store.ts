import { Value } from 'typebox/value';
import { migrate, type SqlClient } from '../sql-client.js';
import { type GroupAdmins, GroupAdminsInput } from './group-admins.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_env_group_admins (
  group_name text PRIMARY KEY,
  document jsonb NOT NULL,
  updated timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
`;

interface Row {
  group_name: string;
  document: GroupAdminsInput;
  updated: Date;
  updated_by: string;
}

const toGroupAdmins = (r: Row): GroupAdmins => ({
  ...(Value.Default(GroupAdminsInput, structuredClone(r.document)) as GroupAdminsInput),
  group: r.group_name,
  updated: new Date(r.updated).toISOString(),
  updatedBy: r.updated_by,
});

/** Each group's delegated admins (their changes are audited by the route that makes them). */
export class GroupAdminStore {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await migrate(this.sql, SCHEMA);
  }

  async list(): Promise<GroupAdmins[]> {
    const rows = await this.sql.query<Row>(
      'SELECT * FROM styx_env_group_admins ORDER BY group_name',
    );
    return rows.rows.map(toGroupAdmins);
  }

  async get(group: string): Promise<GroupAdmins | undefined> {
    const rows = await this.sql.query<Row>(
      'SELECT * FROM styx_env_group_admins WHERE group_name = $1',
      [group],
    );
    return rows.rows[0] ? toGroupAdmins(rows.rows[0]) : undefined;
  }

  async put(group: string, input: GroupAdminsInput, actor: string): Promise<GroupAdmins> {
    const rows = await this.sql.query<Row>(
      `INSERT INTO styx_env_group_admins (group_name, document, updated_by)
       VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (group_name) DO UPDATE SET document = $2::jsonb, updated = now(), updated_by = $3
       RETURNING *`,
      [group, JSON.stringify(input), actor],
    );
    return toGroupAdmins(rows.rows[0] as Row);
  }

  async remove(group: string): Promise<boolean> {
    const rows = await this.sql.query<Row>(
      'DELETE FROM styx_env_group_admins WHERE group_name = $1 RETURNING *',
      [group],
    );
    return rows.rows.length > 0;
  }
}
