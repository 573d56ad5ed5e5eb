import { expect } from 'vitest';
import type { CatalogDatabase } from '../../src/db/database.js';

/**
 * Asserts two items of a collection are stored alike in pgstac.items: the same dehydrated
 * content, geometry and datetime range (the loader must store what PgSTAC's create_item does).
 */
export async function expectStoredAlike(
  db: CatalogDatabase,
  collection: string,
  idA: string,
  idB: string,
): Promise<void> {
  const rows = await db.read<{ id: string; content: unknown; geometry: string; range: string }>(
    `SELECT id, content, ST_AsText(geometry) AS geometry, concat(datetime, ' ', end_datetime) AS range
     FROM pgstac.items WHERE collection = $1 AND id IN ($2, $3)`,
    [collection, idA, idB],
  );
  expect(rows).toHaveLength(2);
  const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
  expect(a.content).toEqual(b.content);
  expect(a.geometry).toBe(b.geometry);
  expect(a.range).toBe(b.range);
}
