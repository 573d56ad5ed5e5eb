import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';

const TTL_MS = 30_000;

/**
 * Queryable names per set of collections, cached for a short time: each filtered search checks
 * its property names against them, and asking PgSTAC each time would double the queries.
 */
export class QueryablesCache {
  private readonly entries = new Map<
    string,
    { types: Map<string, string | undefined>; expires: number }
  >();

  constructor(private readonly catalog: PgstacCatalog) {}

  /** Queryable names (without a `properties.` prefix) and their JSON Schema types. */
  async types(collections: string[] | undefined): Promise<Map<string, string | undefined>> {
    const key = [...(collections ?? [])].sort().join('\u0000');
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.types;
    const schema = await this.catalog.queryables(collections);
    const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
    const types = new Map(
      Object.entries(properties).map(([name, def]) => [
        name.replace(/^properties\./, ''),
        typeof def?.type === 'string' ? def.type : undefined,
      ]),
    );
    this.entries.set(key, { types, expires: Date.now() + TTL_MS });
    return types;
  }

  clear(): void {
    this.entries.clear();
  }
}
