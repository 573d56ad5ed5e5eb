import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { WRITE_TOKEN } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';
import { listenTestCatalog, VENV_BIN } from '../support/listening-catalog.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./pystac_client_check.py', import.meta.url));
const BIG = 1_234;

describe.each(['postgres', 'pglite'] as const)('pystac-client against the catalog (%s)', (kind) => {
  let server: Awaited<ReturnType<typeof listenTestCatalog>>;
  let f: Fixture;
  const levels: number[] = [];

  beforeAll(async () => {
    [server, f] = await Promise.all([listenTestCatalog(kind), fixture()]);
    const write = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` },
        body: JSON.stringify(body),
      });
    const created = await write('collections', {
      type: 'Collection',
      stac_version: '1.0.0',
      id: 'big-gauge-series',
      title: 'Big gauging series',
      description: 'Many daily gauge readings, to page through',
      license: 'CC-BY-4.0',
      extent: {
        spatial: { bbox: [[1, 43, 2, 44]] },
        temporal: { interval: [['2020-01-01T00:00:00Z', null]] },
      },
      links: [],
    });
    expect(created.status).toBe(201);
    const items: Record<string, StacItem> = {};
    for (let i = 0; i < BIG; i++) {
      const level = Math.round((1 + Math.sin(i / 20)) * 1000) / 1000;
      levels.push(level);
      const id = `reading-${String(i).padStart(5, '0')}`;
      items[id] = {
        type: 'Feature',
        stac_version: '1.0.0',
        id,
        geometry: { type: 'Point', coordinates: [1.44, 43.6] },
        bbox: [1.44, 43.6, 1.44, 43.6],
        properties: {
          datetime: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString(),
          water_level_m: level,
        },
        links: [],
        assets: {},
      };
    }
    const loaded = await write('collections/big-gauge-series/bulk_items', { items });
    expect(loaded.status).toBe(200);
    // Register the new property as a queryable, as a data manager would.
    await server.db.write(
      `SELECT pgstac.upsert_queryables('{"type":"object","properties":{"water_level_m":{"type":"number"}}}'::jsonb, ARRAY['big-gauge-series'])`,
    );
  });
  afterAll(async () => server?.close());

  it('pages past 1,000 items, filters with CQL2-text and searches collections', async () => {
    const { stdout } = await run(
      `${VENV_BIN}python`,
      [
        SCRIPT,
        server.url,
        'big-gauge-series',
        "water_level_m >= 1.9 AND datetime >= TIMESTAMP('2021-01-01T00:00:00Z')",
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
    );
    const seen = JSON.parse(stdout);
    expect(seen.conforms_to_item_search).toBe(true);
    expect(seen.matched).toBe(BIG);
    expect(seen.paged_ids).toBe(BIG);
    expect(seen.paged_unique).toBe(BIG);
    const since2021 = Date.UTC(2021, 0, 1);
    const expected = levels
      .map((level, i) => ({ level, i }))
      .filter(({ level, i }) => level >= 1.9 && Date.UTC(2020, 0, 1) + i * 86_400_000 >= since2021)
      .map(({ i }) => `reading-${String(i).padStart(5, '0')}`);
    expect(expected.length).toBeGreaterThan(10);
    expect(seen.filtered_ids).toEqual(expected);
    expect(seen.filtered_matched).toBe(expected.length);
    expect(seen.collection_ids).toEqual(
      [...f.collections.map((c) => c.id), 'big-gauge-series'].sort(),
    );
    expect(seen.collection_search_ids.length).toBeGreaterThan(0);
  });
});
