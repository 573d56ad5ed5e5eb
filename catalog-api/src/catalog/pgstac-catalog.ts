import type { CatalogDatabase } from '../db/database.js';
import { InvalidQueryError, NotFoundError, StyxError } from '../errors.js';
import { hydrateItem } from './hydration.js';
import type {
  PgstacCollectionPage,
  PgstacItemCollection,
  PgstacSearch,
  StacCollection,
  StacItem,
} from './stac-types.js';

/**
 * A search is the caller's own expression: when PgSTAC refuses it (its RAISEs, a function it
 * cannot apply to those arguments, a geometry PostGIS cannot parse), that is a 400 with
 * PgSTAC's reason, never a 500. The API validates most input before this point.
 */
export function asSearchError(error: unknown): never {
  const code = (error as { code?: unknown }).code;
  if (
    !(error instanceof StyxError) &&
    typeof code === 'string' &&
    (code === 'P0001' || code === 'XX000' || code.startsWith('42') || code.startsWith('22'))
  ) {
    throw new InvalidQueryError(
      `the catalog could not evaluate this search: ${(error as Error).message}`,
      { cause: error },
    );
  }
  throw error;
}

/**
 * The catalog's operations, each one call to PgSTAC's own functions (STYLE: "Let PgSTAC do
 * the querying"). No search SQL is built here.
 */
export class PgstacCatalog {
  constructor(readonly db: CatalogDatabase) {}

  /**
   * PgSTAC's search(). Without a fields selection the items come back dehydrated and are
   * hydrated here (as stac-fastapi-pgstac's use_api_hydrate does): rebuilding items in
   * PL/pgSQL is most of the database's time for large pages, and V8 does it far faster.
   * With fields, PgSTAC applies the selection while hydrating.
   */
  async search(search: PgstacSearch): Promise<PgstacItemCollection> {
    const hydrateHere = search.fields === undefined;
    const request = hydrateHere ? { ...search, conf: { ...search.conf, nohydrate: true } } : search;
    const [row] = await this.db
      .read<{ r: PgstacItemCollection }>('SELECT pgstac.search($1::jsonb) AS r', [
        JSON.stringify(request),
      ])
      .catch(asSearchError);
    const result = row!.r;
    if (hydrateHere) {
      result.features = result.features.map((f) => hydrateItem(f) as StacItem);
    }
    return result;
  }

  async collectionSearch(search: Record<string, unknown>): Promise<PgstacCollectionPage> {
    const [row] = await this.db
      .read<{ r: PgstacCollectionPage }>('SELECT pgstac.collection_search($1::jsonb) AS r', [
        JSON.stringify(search),
      ])
      .catch(asSearchError);
    return row!.r;
  }

  async collectionIds(): Promise<string[]> {
    const rows = await this.db.read<{ id: string }>(
      'SELECT id FROM pgstac.collections ORDER BY id',
    );
    return rows.map((r) => r.id);
  }

  async getCollection(id: string): Promise<StacCollection> {
    const [row] = await this.db.read<{ c: StacCollection | null }>(
      'SELECT pgstac.get_collection($1) AS c',
      [id],
    );
    if (!row?.c) throw new NotFoundError(`collection '${id}' does not exist`);
    return row.c;
  }

  async getItem(collectionId: string, itemId: string): Promise<StacItem> {
    await this.getCollection(collectionId);
    const [row] = await this.db.read<{ i: StacItem | null }>(
      'SELECT pgstac.get_item($1, $2) AS i',
      [itemId, collectionId],
    );
    if (!row?.i) {
      throw new NotFoundError(`item '${itemId}' does not exist in collection '${collectionId}'`);
    }
    return row.i;
  }

  async createCollection(collection: StacCollection): Promise<void> {
    await this.db.write('SELECT pgstac.create_collection($1::jsonb)', [JSON.stringify(collection)]);
  }

  async upsertCollection(collection: StacCollection): Promise<void> {
    await this.db.write('SELECT pgstac.upsert_collection($1::jsonb)', [JSON.stringify(collection)]);
  }

  /** Replaces a collection (PgSTAC raises no_data_found, i.e. NotFound, if it is missing). */
  async updateCollection(collection: StacCollection): Promise<void> {
    await this.db.write('SELECT pgstac.update_collection($1::jsonb)', [JSON.stringify(collection)]);
  }

  async deleteCollection(id: string): Promise<void> {
    await this.db.write('SELECT pgstac.delete_collection($1)', [id]);
  }

  async createItem(item: StacItem): Promise<void> {
    await this.db.write('SELECT pgstac.create_item($1::jsonb)', [JSON.stringify(item)]);
  }

  /** Replaces an item; NotFound if it does not exist. */
  async updateItem(item: StacItem): Promise<void> {
    await this.db.write('SELECT pgstac.update_item($1::jsonb)', [JSON.stringify(item)]);
  }

  async deleteItem(collectionId: string, itemId: string): Promise<void> {
    await this.getCollection(collectionId);
    await this.db.write('SELECT pgstac.delete_item($1, $2)', [itemId, collectionId]);
  }

  /**
   * PgSTAC caches each search's numberMatched in `search_wheres` (for `context_stats_ttl`,
   * a day by default). After a write those counts are stale; clearing their timestamps makes
   * the next search of each recount, so a client never pages against a count that lies.
   */
  async invalidateCounts(): Promise<void> {
    await this.db.write(
      'UPDATE pgstac.search_wheres SET statslastupdated = NULL WHERE statslastupdated IS NOT NULL',
    );
  }

  /** The JSON Schema of queryables: of one collection, of several, or of the whole catalog. */
  async queryables(collectionIds?: string[]): Promise<Record<string, unknown>> {
    const [row] = await this.db.read<{ q: Record<string, unknown> }>(
      'SELECT pgstac.get_queryables($1::text[]) AS q',
      [collectionIds && collectionIds.length > 0 ? collectionIds : null],
    );
    return row?.q ?? { type: 'object', properties: {} };
  }

  /** Registers queryables (a JSON Schema's `properties`) for some collections. */
  async upsertQueryables(
    definitions: Record<string, unknown>,
    collectionIds: string[] | null,
  ): Promise<void> {
    await this.db.write('SELECT pgstac.upsert_queryables($1::jsonb, $2::text[])', [
      JSON.stringify({ type: 'object', properties: definitions }),
      collectionIds,
    ]);
  }
}
