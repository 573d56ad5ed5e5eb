import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CatalogDatabase } from './database.js';
import type { PgliteDatabase } from './pglite.js';

const run = promisify(execFile);

/**
 * PgSTAC's schema comes from pypgstac (pinned in scripts/requirements.txt, installed into the
 * project virtualenv). On PostgreSQL, `pypgstac migrate` itself installs and upgrades it. PGlite
 * has no socket for pypgstac to reach, so there the same migration files pypgstac ships are
 * applied in the order pypgstac would apply them.
 */
export interface PgstacSource {
  /** The virtualenv holding pypgstac. */
  venvDir: string;
}

export function pypgstacDir(venvDir: string): string {
  const lib = join(venvDir, 'lib');
  const python = existsSync(lib) ? readdirSync(lib).find((d) => d.startsWith('python')) : undefined;
  const dir = python ? join(lib, python, 'site-packages', 'pypgstac') : '';
  if (!dir || !existsSync(join(dir, 'migrations'))) {
    throw new Error(
      `pypgstac is not installed in ${venvDir}; run \`bash scripts/setup.sh\` (npm start does)`,
    );
  }
  return dir;
}

/** The PgSTAC version the pinned pypgstac installs. */
export function targetPgstacVersion(venvDir: string): string {
  const text = readFileSync(join(pypgstacDir(venvDir), 'version.py'), 'utf8');
  const match = /__version__\s*=\s*["']([^"']+)["']/.exec(text);
  if (!match?.[1]) throw new Error('cannot read the pypgstac version');
  return match[1];
}

/**
 * The migration files that take a database from `from` (undefined: empty) to `to`:
 * a full `pgstac.X.sql` for a new database, else the chain of `pgstac.A-B.sql` steps.
 */
export function migrationPlan(files: string[], from: string | undefined, to: string): string[] {
  if (from === to) return [];
  if (from === undefined) {
    const full = `pgstac.${to}.sql`;
    if (!files.includes(full)) throw new Error(`pypgstac has no ${full}`);
    return [full];
  }
  const steps = new Map<string, string>();
  for (const file of files) {
    const m = /^pgstac\.([^-]+)-([^-]+)\.sql$/.exec(file);
    if (m?.[1] && m[2]) steps.set(m[1], file);
  }
  const plan: string[] = [];
  let at = from;
  while (at !== to) {
    const step = steps.get(at);
    if (!step) throw new Error(`no PgSTAC migration path from ${from} to ${to} (stuck at ${at})`);
    plan.push(step);
    at = /-([^-]+)\.sql$/.exec(step)?.[1] ?? to;
    if (plan.length > 100) throw new Error('PgSTAC migration path does not converge');
  }
  return plan;
}

async function installedVersion(db: CatalogDatabase): Promise<string | undefined> {
  const [row] = await db.read<{ fn: string | null }>(
    `SELECT to_regproc('pgstac.get_version')::text AS fn`,
  );
  if (!row?.fn) return undefined;
  const [version] = await db.read<{ v: string }>('SELECT pgstac.get_version() AS v');
  return version?.v;
}

/** Installs or upgrades PgSTAC to the pinned version, then applies Styx's PgSTAC settings. */
export async function ensurePgstac(
  db: CatalogDatabase,
  source: PgstacSource & { databaseUrl?: string },
  log: (message: string) => void = () => {},
): Promise<string> {
  const target = targetPgstacVersion(source.venvDir);
  const current = await installedVersion(db);
  if (current !== target) {
    log(`installing PgSTAC ${target} (found ${current ?? 'none'})`);
    if (db.kind === 'pglite') {
      const dir = join(pypgstacDir(source.venvDir), 'migrations');
      for (const file of migrationPlan(readdirSync(dir), current, target)) {
        await (db as PgliteDatabase).execScript(readFileSync(join(dir, file), 'utf8'));
      }
    } else {
      if (!source.databaseUrl) throw new Error('a PostgreSQL URL is needed to migrate PgSTAC');
      await run(join(source.venvDir, 'bin', 'pypgstac'), ['migrate', '--dsn', source.databaseUrl]);
    }
  }
  await applyPgstacSettings(db);
  return target;
}

/**
 * PgSTAC settings Styx relies on:
 * - `context=on`: search() returns numberMatched, which clients such as pystac-client's
 *   `matched()` use.
 * - `additional_properties=false`: only registered queryables can be filtered on, and
 *   `/queryables` says so (`additionalProperties: false`); OGC API Features Part 3 wants a 400
 *   for a filter on a property that is not a queryable.
 */
export async function applyPgstacSettings(db: CatalogDatabase): Promise<void> {
  await db.write(
    `INSERT INTO pgstac.pgstac_settings (name, value)
     VALUES ('context', 'on'), ('additional_properties', 'false')
     ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
  );
}
