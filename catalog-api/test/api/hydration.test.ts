import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';
import { expectStoredAlike } from '../support/stored-rows.js';

/**
 * The loader dehydrates and searches hydrate in TypeScript, not in PgSTAC's SQL: both must
 * give exactly what PgSTAC's own functions give, on collections with base items (item_assets).
 */
describe.each(DATABASE_KINDS)('hydration agrees with PgSTAC (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
  });
  afterAll(async () => t?.close());

  it('serves every fixture item exactly as PgSTAC hydrates it, and as generated', async () => {
    const ours = await t.catalog.search({ limit: 10_000 });
    const [row] = await t.db.read<{ r: { features: StacItem[] } }>(
      'SELECT pgstac.search($1::jsonb) AS r',
      [JSON.stringify({ limit: 10_000 })],
    );
    const theirs = row!.r.features;
    expect(ours.features).toHaveLength(f.items.length);
    expect(ours.features).toEqual(theirs);
    const generated = new Map(f.items.map((i) => [i.id, i]));
    for (const item of ours.features) {
      const source = generated.get(item.id)!;
      expect(item.assets).toEqual(source.assets);
      expect(item.geometry).toEqual(source.geometry);
    }
  });

  it('stores what PgSTAC create_item stores, for items of every demo collection', async () => {
    for (const c of f.collections) {
      const source = f.items.find((i) => i.collection === c.id)!;
      const copy = { ...source, id: `${source.id}-via-pgstac` };
      await t.catalog.createItem(copy);
      await expectStoredAlike(t.db, c.id, source.id, copy.id);
    }
  });
});
