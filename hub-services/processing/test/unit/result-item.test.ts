import { describe, expect, it } from 'vitest';
import { processFromCwl } from '../../src/processes/cwl/cwl-process.js';
import { CatalogPublisher, CatalogRefusedError } from '../../src/results/catalog-publisher.js';
import { mediaTypeOf } from '../../src/results/media-types.js';
import {
  resultItem,
  resultsCollection,
  resultsCollectionId,
} from '../../src/results/result-item.js';
import { resultKey } from '../../src/results/result-storage.js';
import { cwlFixture } from '../support/cwl-corpus.js';
import { seriesJob } from '../support/series-job.js';
import { stacValidator } from '../support/stac-schemas.js';

const job = seriesJob({
  id: '0b7e4a52-5f0e-4d0c-9a53-2b1f2c0a9d11',
  owner: 'ada',
  progress: 50,
});
const process = processFromCwl(cwlFixture('series-summary.cwl'), 'application/cwl+yaml', 'ada');
const stored = { href: 'http://p/results/ada/j/counts.json', size: 42, checksum: '1220ab' };

describe('result items', () => {
  it('give every user a collection of their own, whatever their name', () => {
    expect(resultsCollectionId('ada')).toBe('results-ada');
    expect(resultsCollectionId('Ada.Lovelace@example.org')).toMatch(
      /^results-ada-lovelace-example-org-[0-9a-f]{8}$/,
    );
    expect(resultsCollectionId('a.b')).not.toBe(resultsCollectionId('a-b'));
    expect(resultsCollection('ada')).toMatchObject({
      type: 'Collection',
      id: 'results-ada',
      title: "ada's results",
    });
  });

  it('place the results where and when the input items are, and say how they were made', () => {
    const item = resultItem({
      job,
      process,
      outputs: [{ output: 'counts', path: 'counts.json', mediaType: 'application/json', stored }],
      inputItems: [
        {
          href: 'http://c/items/g',
          bbox: [1, 44, 2, 45],
          properties: {
            start_datetime: '2024-01-01T00:00:00Z',
            end_datetime: '2024-12-31T00:00:00Z',
          },
        },
        {
          href: 'http://c/items/h',
          bbox: [0, 44.5, 1.5, 46],
          properties: { datetime: '2023-06-01T00:00:00Z' },
        },
      ],
      processingUrl: 'http://p/',
      catalogUrl: 'http://c/',
      finished: '2026-11-22T10:05:00.000Z',
    });
    expect(item.bbox).toEqual([0, 44, 2, 46]);
    expect(item.properties).toMatchObject({
      datetime: null,
      start_datetime: '2023-06-01T00:00:00Z',
      end_datetime: '2024-12-31T00:00:00Z',
      'styx:job_id': job.id,
      'styx:process_id': 'series-summary',
      'styx:process_version': '2.1.0',
      'styx:inputs': job.inputs,
      'styx:footprint': 'inputs',
    });
    expect(item.properties['processing:lineage']).toContain('http://c/items/g, http://c/items/h');
    expect(item.links.filter((l) => l.rel === 'derived_from').map((l) => l.href)).toEqual([
      'http://c/items/g',
      'http://c/items/h',
    ]);
    expect(item.assets['counts.json']).toMatchObject({
      href: stored.href,
      type: 'application/json',
      roles: ['data'],
      'file:size': 42,
      'file:checksum': '1220ab',
    });
  });

  it('without input items, cover the world at the time the job ended, and say the footprint is unknown', () => {
    const item = resultItem({
      job,
      process,
      outputs: [],
      inputItems: [],
      processingUrl: 'http://p/',
      catalogUrl: 'http://c/',
      finished: '2026-11-22T10:05:00.000Z',
    });
    expect(item.bbox).toEqual([-180, -90, 180, 90]);
    expect((item.properties as Record<string, unknown>).datetime).toBe('2026-11-22T10:05:00.000Z');
    expect(item.properties['styx:footprint']).toBe('unknown');
  });

  it('name files by media type and refuse keys that climb out of a job', () => {
    expect(mediaTypeOf('mask.TIF')).toBe('image/tiff; application=geotiff');
    expect(mediaTypeOf('report/summary.md')).toBe('text/markdown');
    expect(mediaTypeOf('blob')).toBe('application/octet-stream');
    expect(resultKey('ada', 'j', 'report/a.txt')).toBe('ada/j/report/a.txt');
    expect(() => resultKey('ada', 'j', '../bob/x')).toThrow();
    expect(() => resultKey('..', 'j', 'x')).toThrow();
  });
});

describe('result items against the STAC 1.0.0 JSON Schemas', () => {
  const stac = stacValidator();
  const s3Stored = {
    href: 'http://minio:9000/styx-results/ada/j/report/plots/levels.csv',
    alternate: { name: 's3', href: 's3://styx-results/ada/j/report/plots/levels.csv' },
    size: 7,
    checksum: `1220${'ab'.repeat(32)}`,
  };
  const build = (inputItems: Parameters<typeof resultItem>[0]['inputItems']) =>
    resultItem({
      job,
      process,
      outputs: [
        { output: 'counts', path: 'counts.json', mediaType: 'application/json', stored },
        {
          output: 'report',
          path: 'report/plots/levels.csv',
          mediaType: mediaTypeOf('report/plots/levels.csv'),
          stored: s3Stored,
        },
        {
          output: 'report',
          path: 'report/plots/levels.csv ',
          mediaType: 'text/csv',
          stored: s3Stored,
        },
      ],
      inputItems,
      processingUrl: 'http://p/',
      catalogUrl: 'http://c/',
      finished: '2026-11-22T10:05:00.000Z',
      serviceVersion: '0.1.0',
    });

  it('are valid Items, with and without input items, and the collection a valid Collection', () => {
    const one = build([
      {
        href: 'http://c/items/g',
        bbox: [1, 44, 2, 45],
        geometry: { type: 'Point', coordinates: [1.5, 44.5] },
        properties: { datetime: '2024-01-01T00:00:00Z' },
      },
    ]);
    expect(stac.item(one)).toEqual([]);
    expect(one.geometry).toEqual({ type: 'Point', coordinates: [1.5, 44.5] });
    expect(stac.item(build([]))).toEqual([]);
    expect(stac.collection(resultsCollection('Ada.Lovelace@example.org'))).toEqual([]);
    // The validator does see a broken item.
    expect(
      stac.item({ ...one, properties: { ...one.properties, datetime: undefined } }),
    ).not.toEqual([]);
  });

  it('name the software that made them, and give every output file its own asset', () => {
    const item = build([]);
    expect(item.properties['processing:software']).toEqual({
      'styx-processing': '0.1.0',
      'styx:series-summary': '2.1.0',
    });
    expect(item.properties['processing:datetime']).toBe('2026-11-22T10:05:00.000Z');
    expect(item.stac_extensions).toContain(
      'https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json',
    );
    expect(Object.keys(item.assets)).toEqual([
      'counts.json',
      'report_plots_levels.csv',
      'report_plots_levels.csv_',
    ]);
    expect(item.assets['report_plots_levels.csv']).toMatchObject({
      href: s3Stored.href,
      type: 'text/csv',
      'file:size': 7,
      'file:checksum': s3Stored.checksum,
      alternate: { s3: { href: s3Stored.alternate.href } },
    });
    expect(item.links).toContainEqual(
      expect.objectContaining({ rel: 'via', href: `http://p/jobs/${job.id}` }),
    );
  });
});

describe('the catalog publisher', () => {
  const recorder = (answers: number[]) => {
    const calls: string[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      const status = answers.shift() ?? 500;
      return new Response(status === 400 ? '{"description":"bad geometry"}' : null, { status });
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  };

  it('creates the collection once, replaces an item that exists, and retries a 5xx', async () => {
    const { calls, fetch } = recorder([201, 503, 409, 204, 201]);
    const publisher = new CatalogPublisher({
      catalogUrl: 'http://c/',
      token: 't0k3n-123',
      fetch,
      retryDelayMs: 1,
    });
    expect(await publisher.publish('ada', { id: 'j1' })).toBe(
      'http://c/collections/results-ada/items/j1',
    );
    expect(await publisher.publish('ada', { id: 'j2' })).toBe(
      'http://c/collections/results-ada/items/j2',
    );
    expect(calls).toEqual([
      'POST http://c/collections',
      'POST http://c/collections/results-ada/items',
      'POST http://c/collections/results-ada/items',
      'PUT http://c/collections/results-ada/items/j1',
      'POST http://c/collections/results-ada/items',
    ]);
  });

  it('retries a network failure with the token, and sends JSON', async () => {
    const seen: RequestInit[] = [];
    let failures = 1;
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push(init);
      if (failures-- > 0) throw new TypeError('fetch failed');
      return new Response(null, { status: 201 });
    }) as typeof globalThis.fetch;
    const publisher = new CatalogPublisher({
      catalogUrl: 'http://c/',
      token: 't0k3n-123',
      fetch,
      retryDelayMs: 1,
    });
    await publisher.publish('ada', { id: 'j' });
    expect(seen).toHaveLength(3);
    expect(seen[1]?.headers).toEqual({
      authorization: 'token t0k3n-123',
      'content-type': 'application/json',
    });
    expect(JSON.parse(seen[1]?.body as string)).toMatchObject({ id: 'results-ada' });
  });

  it("gives up on a refusal with the catalog's words", async () => {
    const { fetch } = recorder([201, 400]);
    const publisher = new CatalogPublisher({ catalogUrl: 'http://c/', token: 't0k3n-123', fetch });
    const error = await publisher.publish('ada', { id: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogRefusedError);
    expect((error as Error).message).toContain('HTTP 400 bad geometry');
  });
});
