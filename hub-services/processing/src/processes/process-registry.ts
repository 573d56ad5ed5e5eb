import type { FastifyBaseLogger } from 'fastify';
import type { ProcessPackage } from '../jobs/job.js';
import type { SqlClient } from '../jobs/job-store.js';
import { processFromCwl } from './cwl/cwl-process.js';
import type { ProcessDefinition } from './process.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_processes (
  id text PRIMARY KEY,
  deployed_by text NOT NULL,
  media_type text NOT NULL,
  document text NOT NULL,
  created timestamptz NOT NULL DEFAULT now(),
  updated timestamptz NOT NULL DEFAULT now()
)`;

/** Deploying an id that exists (409), or changing what one may not (403, 404). */
export class ProcessRegistryError extends Error {
  constructor(
    readonly statusCode: 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The processes the service offers: the built-ins, and those deployed from CWL application
 * packages (OGC API – Processes Part 2), stored in PostgreSQL with the package itself so they
 * survive a restart. Everyone sees every process; only who deployed one (or an admin) replaces
 * or undeploys it; built-ins cannot be changed.
 */
export class ProcessRegistry {
  private readonly deployed = new Map<string, ProcessDefinition>();

  constructor(
    private readonly sql: SqlClient,
    private readonly builtins: readonly ProcessDefinition[],
    private readonly log?: FastifyBaseLogger,
  ) {}

  async load(): Promise<void> {
    await this.sql.query(SCHEMA);
    const rows = await this.sql.query<{
      id: string;
      deployed_by: string;
      media_type: string;
      document: string;
    }>('SELECT id, deployed_by, media_type, document FROM styx_processes ORDER BY id');
    this.deployed.clear();
    for (const row of rows.rows) {
      try {
        this.deployed.set(row.id, processFromCwl(row.document, row.media_type, row.deployed_by));
      } catch (error) {
        // A package this version of Styx no longer accepts: left in the table, not offered.
        this.log?.error({ err: error, process: row.id }, 'a deployed process no longer loads');
      }
    }
  }

  list(): ProcessDefinition[] {
    return [
      ...this.builtins,
      ...[...this.deployed.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    ];
  }

  get(id: string): ProcessDefinition | undefined {
    return this.builtins.find((p) => p.id === id) ?? this.deployed.get(id);
  }

  /** The process a job runs: the package it was submitted with, or a built-in. */
  forJob(processId: string, pkg: ProcessPackage | null): ProcessDefinition | undefined {
    if (pkg) return processFromCwl(pkg.document, pkg.mediaType, pkg.deployedBy);
    return this.builtins.find((p) => p.id === processId);
  }

  async deploy(process: ProcessDefinition): Promise<void> {
    if (this.builtins.some((p) => p.id === process.id) || this.deployed.has(process.id)) {
      throw new ProcessRegistryError(
        409,
        `a process '${process.id}' exists already; replace it with PUT (if it is yours) or choose another id`,
      );
    }
    const pkg = packageOf(process);
    const result = await this.sql.query(
      `INSERT INTO styx_processes (id, deployed_by, media_type, document) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [process.id, pkg.deployedBy, pkg.mediaType, pkg.document],
    );
    if (result.rows.length === 0)
      throw new ProcessRegistryError(409, `a process '${process.id}' exists already`);
    this.deployed.set(process.id, process);
  }

  async replace(id: string, process: ProcessDefinition, caller: Caller): Promise<void> {
    this.mayChange(id, caller);
    if (process.id !== id) {
      throw new ProcessRegistryError(
        409,
        `the package's id '${process.id}' is not '${id}': a replacement keeps the process id`,
      );
    }
    const pkg = packageOf(process);
    await this.sql.query(
      'UPDATE styx_processes SET media_type = $2, document = $3, updated = now() WHERE id = $1',
      [id, pkg.mediaType, pkg.document],
    );
    // Whoever deployed it stays its owner, even when an admin replaces it.
    const owner = this.deployed.get(id)?.deployedBy ?? caller.name;
    this.deployed.set(id, { ...process, deployedBy: owner });
  }

  async undeploy(id: string, caller: Caller): Promise<void> {
    this.mayChange(id, caller);
    await this.sql.query('DELETE FROM styx_processes WHERE id = $1', [id]);
    this.deployed.delete(id);
  }

  private mayChange(id: string, caller: Caller): void {
    if (this.builtins.some((p) => p.id === id))
      throw new ProcessRegistryError(403, `'${id}' is built into Styx and cannot be changed`);
    const process = this.deployed.get(id);
    // Processes are public: a 403 naming who deployed it tells the caller whom to ask.
    if (!process) throw new ProcessRegistryError(404, `no deployed process '${id}'`);
    if (process.deployedBy !== caller.name && !caller.admin) {
      throw new ProcessRegistryError(
        403,
        `'${id}' was deployed by ${process.deployedBy}; only they or an admin may change it`,
      );
    }
  }
}

interface Caller {
  name: string;
  admin: boolean;
}

function packageOf(process: ProcessDefinition): ProcessPackage {
  if (!process.package || !process.deployedBy)
    throw new Error(`process ${process.id} has no application package`);
  return { ...process.package, deployedBy: process.deployedBy };
}
