import type { CatalogDatabase, Queryable } from '../db/database.js';

/**
 * What a user put in their basket: whole items (every asset the item has when the basket is
 * read) or single assets. Stored in the catalog's own database, in a `styx` schema beside
 * PgSTAC's (PgSTAC's migrations own `pgstac`; ours must never collide with them).
 */
export interface BasketEntry {
  collection: string;
  item: string;
  /** The asset key; null for the whole item. */
  asset: string | null;
  /** When it was added (ISO 8601, UTC). */
  addedAt: string;
}

/** The owner of a basket: the Hub user (or service) the request's token belongs to. */
export type BasketOwner = string;

/** Stands for "the whole item" in the asset_key column (part of the primary key, so not NULL). */
const WHOLE_ITEM = '';

/**
 * Idempotent: run at every start-up, on PGlite and PostgreSQL alike. The advisory lock keeps two
 * catalogs starting at once on one PostgreSQL from racing on CREATE ... IF NOT EXISTS, which is
 * not safe under concurrency.
 */
const SCHEMA_SQL = [
  `SELECT pg_advisory_xact_lock(hashtext('styx.basket_entries'))`,
  'CREATE SCHEMA IF NOT EXISTS styx',
  `CREATE TABLE IF NOT EXISTS styx.basket_entries (
     owner text NOT NULL,
     collection_id text NOT NULL,
     item_id text NOT NULL,
     asset_key text NOT NULL DEFAULT '',
     added_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (owner, collection_id, item_id, asset_key)
   )`,
];

interface EntryRow {
  collection_id: string;
  item_id: string;
  asset_key: string;
  added_at: string;
}

/** The baskets table: every statement is scoped to one owner, so no call can reach another's. */
export class BasketStore {
  constructor(private readonly db: CatalogDatabase) {}

  async ensureSchema(): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const sql of SCHEMA_SQL) await tx.query(sql);
    });
  }

  /**
   * On the write pool too: the list is read right after a change (read-your-writes, which a
   * lagging read replica would not give), and the read role may be PgSTAC's alone.
   */
  async list(owner: BasketOwner): Promise<BasketEntry[]> {
    const rows = await this.db.write<EntryRow>(
      `SELECT collection_id, item_id, asset_key,
              to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS added_at
         FROM styx.basket_entries WHERE owner = $1
        ORDER BY added_at, collection_id, item_id, asset_key`,
      [owner],
    );
    return rows.map((r) => ({
      collection: r.collection_id,
      item: r.item_id,
      asset: r.asset_key === WHOLE_ITEM ? null : r.asset_key,
      addedAt: r.added_at,
    }));
  }

  /** The whole item; single assets of it already in the basket are folded into it. */
  async addItem(owner: BasketOwner, collection: string, item: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `DELETE FROM styx.basket_entries
          WHERE owner = $1 AND collection_id = $2 AND item_id = $3 AND asset_key <> ''`,
        [owner, collection, item],
      );
      await insert(tx, owner, collection, item, [WHOLE_ITEM]);
    });
  }

  /** Single assets; nothing changes when the whole item is in the basket already. */
  async addAssets(
    owner: BasketOwner,
    collection: string,
    item: string,
    assets: readonly string[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (await hasWholeItem(tx, owner, collection, item)) return;
      await insert(tx, owner, collection, item, assets);
    });
  }

  /** Removes the item and any of its assets; false when none of it was in the basket. */
  async removeItem(owner: BasketOwner, collection: string, item: string): Promise<boolean> {
    const rows = await this.db.write(
      `DELETE FROM styx.basket_entries
        WHERE owner = $1 AND collection_id = $2 AND item_id = $3 RETURNING 1 AS gone`,
      [owner, collection, item],
    );
    return rows.length > 0;
  }

  /**
   * Removes one asset. When the whole item is in the basket, it is replaced by its other assets
   * (`allAssets`: the item's asset keys now), so that exactly this one goes. False when the
   * asset was not in the basket.
   */
  async removeAsset(
    owner: BasketOwner,
    collection: string,
    item: string,
    asset: string,
    allAssets: readonly string[],
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (await hasWholeItem(tx, owner, collection, item)) {
        await tx.query(
          `DELETE FROM styx.basket_entries
            WHERE owner = $1 AND collection_id = $2 AND item_id = $3`,
          [owner, collection, item],
        );
        await insert(
          tx,
          owner,
          collection,
          item,
          allAssets.filter((key) => key !== asset),
        );
        return allAssets.includes(asset);
      }
      const rows = await tx.query(
        `DELETE FROM styx.basket_entries
          WHERE owner = $1 AND collection_id = $2 AND item_id = $3 AND asset_key = $4
          RETURNING 1 AS gone`,
        [owner, collection, item, asset],
      );
      return rows.length > 0;
    });
  }

  /** Empties the basket; resolves with how many entries it held. */
  async clear(owner: BasketOwner): Promise<number> {
    const rows = await this.db.write(
      'DELETE FROM styx.basket_entries WHERE owner = $1 RETURNING 1 AS gone',
      [owner],
    );
    return rows.length;
  }
}

async function hasWholeItem(
  tx: Queryable,
  owner: BasketOwner,
  collection: string,
  item: string,
): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 AS present FROM styx.basket_entries
      WHERE owner = $1 AND collection_id = $2 AND item_id = $3 AND asset_key = ''`,
    [owner, collection, item],
  );
  return rows.length > 0;
}

async function insert(
  tx: Queryable,
  owner: BasketOwner,
  collection: string,
  item: string,
  assets: readonly string[],
): Promise<void> {
  if (assets.length === 0) return;
  await tx.query(
    `INSERT INTO styx.basket_entries (owner, collection_id, item_id, asset_key)
     SELECT $1, $2, $3, key FROM unnest($4::text[]) AS key
     ON CONFLICT DO NOTHING`,
    [owner, collection, item, assets],
  );
}
