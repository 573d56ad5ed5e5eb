/**
 * What the environments service answers (hub-services/environments): its shapes, as the
 * extension reads them.
 */
export interface Usage {
  cpuHours: number;
  memoryGiBHours: number;
  gpuHours: number;
}

export interface Quota {
  kind: 'user' | 'group';
  name: string;
  cpuHours: number | null;
  memoryGiBHours: number | null;
  gpuHours: number | null;
  windowDays: number;
}

export type ServerState = 'running' | 'starting' | 'stopping' | 'stopped';

export interface ServerRow {
  name: string;
  state: ServerState;
  started: string | null;
  lastActivity: string | null;
  profile: string | null;
  profileVersion: number | null;
}

/** GET /api/users: one user the caller manages. */
export interface UserRow {
  name: string;
  admin: boolean;
  groups: string[];
  state: ServerState;
  profile: string | null;
  lastActivity: string | null;
  servers: ServerRow[];
  usage: {
    last30Days: Usage;
    quotas: Array<{ quota: Quota; used: Usage; fraction: number | null }>;
  };
}

/** GET /api/me. */
export interface Me {
  name: string;
  role: 'admin' | 'group-admin' | 'user';
  groups: string[];
  mayCreateProfiles: boolean;
  mayManageGroupAdmins: boolean;
}

export interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** What an admin writes (the service's ProfileInput schema). */
export interface ProfileInput {
  slug: string;
  displayName: string;
  description: string;
  image: string;
  cpu: number;
  memory: string;
  gpu: number;
  mounts: Mount[];
  idleTimeout: number;
  maxAge: number;
  allowedGroups: string[];
}

export interface Profile extends ProfileInput {
  version: number;
  updated: string;
  updatedBy: string;
}

/** GET /api/profiles (managers). */
export interface ProfileList {
  profiles: Profile[];
  mayCreate: boolean;
  /** Slugs the caller may change. */
  editable: string[];
}

export interface ProfileVersion {
  version: number;
  deleted: boolean;
  created: string;
  createdBy: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  version: number | null;
  diff: Record<string, { from?: unknown; to?: unknown }>;
}

export type BulkAction =
  | { action: 'stop' | 'start'; servers: Array<{ user: string; server?: string }> }
  | { action: 'delete'; servers: Array<{ user: string; server: string }> }
  | { action: 'add-to-group'; group: string; users: string[] };

export interface BulkItemResult {
  user: string;
  server?: string;
  group?: string;
  ok: boolean;
  status: number;
  message: string;
}

export interface BulkAnswer {
  action: string;
  succeeded: number;
  failed: number;
  results: BulkItemResult[];
}
