import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processFromCwl } from '../../src/processes/cwl/cwl-process.js';
import { CatalogPublisher, CatalogRefusedError } from '../../src/results/catalog-publisher.js';
import { resultItem } from '../../src/results/result-item.js';
import { cwlFixture } from '../support/cwl-corpus.js';
import { seriesJob } from '../support/series-job.js';
import { startStandaloneCatalog } from '../support/standalone-catalog.js';

const job = seriesJob({
  id: '4f1c2b9e-7d3a-4e8b-9c61-0a5e3d2f1b77',
  owner: 'Ada.Lovelace@example.org',
  progress: 90,
});
const process = processFromCwl(cwlFixture('series-summary.cwl'), 'application/cwl+yaml', 'ada');

/**
 * The publisher against the real catalog, standalone (PgSTAC in PGlite, its write token), through
 * its Transactions API: what the Hub end-to-end test does not reach — a job published again,
 * an item the catalog refuses, a token it does not know.
 */
describe('the catalog publisher, on the real catalog', () => {
  let catalog: Awaited<ReturnType<typeof startStandaloneCatalog>>;
  const item = (size: number) =>
    resultItem({
      job,
      process,
      outputs: [
        {
          output: 'counts',
          path: 'counts.json',
          mediaType: 'application/json',
          stored: {
            href: 'http://p/results/x/counts.json',
            size,
            checksum: `1220${'0'.repeat(64)}`,
          },
        },
      ],
      inputItems: [
        {
          href: 'http://c/items/g',
          bbox: [1, 44, 2, 45],
          properties: { datetime: '2024-03-01T00:00:00Z' },
        },
      ],
      processingUrl: 'http://p/',
      catalogUrl: catalog.url,
      finished: '2026-11-22T10:05:00.000Z',
      serviceVersion: '0.1.0',
    });

  beforeAll(async () => {
    catalog = await startStandaloneCatalog();
  });
  afterAll(async () => catalog?.stop());

  it('creates the owner’s collection, then the item, and replaces it when published again', async () => {
    const publisher = new CatalogPublisher({ catalogUrl: catalog.url, token: catalog.writeToken });
    const url = await publisher.publish(job.owner, item(10));
    const collectionId = item(10).collection;
    expect(url).toBe(
      `${catalog.url}collections/${encodeURIComponent(collectionId)}/items/${job.id}`,
    );
    const collection = await (await fetch(`${catalog.url}collections/${collectionId}`)).json();
    expect(collection).toMatchObject({ id: collectionId, title: `${job.owner}'s results` });

    // A second publisher (a restarted service): the collection exists (409), so does the item.
    const again = new CatalogPublisher({ catalogUrl: catalog.url, token: catalog.writeToken });
    expect(await again.publish(job.owner, item(20))).toBe(url);
    const stored = (await (await fetch(url)).json()) as {
      bbox: number[];
      properties: Record<string, unknown>;
      assets: Record<string, Record<string, unknown>>;
      links: Array<{ rel: string; href: string }>;
    };
    expect(stored.assets['counts.json']?.['file:size']).toBe(20);
    expect(stored.bbox).toEqual([1, 44, 2, 45]);
    expect(stored.properties).toMatchObject({
      datetime: '2024-03-01T00:00:00Z',
      'styx:job_id': job.id,
      'styx:owner': job.owner,
      'processing:software': { 'styx-processing': '0.1.0', 'styx:series-summary': '2.1.0' },
    });
    expect(stored.links).toContainEqual(
      expect.objectContaining({ rel: 'derived_from', href: 'http://c/items/g' }),
    );
    const search = (await (
      await fetch(`${catalog.url}search?collections=${collectionId}&bbox=1.2,44.2,1.4,44.4`)
    ).json()) as { features: Array<{ id: string }> };
    expect(search.features.map((f) => f.id)).toEqual([job.id]);

    await publisher.remove(url);
    expect((await fetch(url)).status).toBe(404);
    await publisher.remove(url); // already gone: fine
  });

  it('turns a refusal into an error that carries the catalog’s reason', async () => {
    const publisher = new CatalogPublisher({ catalogUrl: catalog.url, token: catalog.writeToken });
    // No footprint at all: STAC allows it, PgSTAC does not (which is why result items never do).
    const placeless = { ...item(1), id: 'placeless', geometry: null };
    const refused = await publisher.publish(job.owner, placeless).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CatalogRefusedError);
    expect((refused as Error).message).toMatch(/refused the results item: HTTP 400 .*geometry/);

    const stranger = new CatalogPublisher({
      catalogUrl: catalog.url,
      token: 'not-the-write-token',
      attempts: 1,
    });
    const denied = await stranger.publish('grace', item(1)).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(CatalogRefusedError);
    expect((denied as Error).message).toMatch(/refused the results collection: HTTP 401/);
  });

  it('says the catalog did not answer when nothing listens, after its retries', async () => {
    const publisher = new CatalogPublisher({
      catalogUrl: 'http://127.0.0.1:9/',
      token: catalog.writeToken,
      attempts: 2,
      retryDelayMs: 10,
    });
    await expect(publisher.publish('ada', item(1))).rejects.toThrow(
      /the catalog at http:\/\/127\.0\.0\.1:9\/collections did not answer/,
    );
  });
});
