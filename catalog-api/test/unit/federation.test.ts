import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { loadConfig } from '../../src/config.js';
import {
  FederationConfigError,
  loadFederationProviders,
  parseFederationDocument,
} from '../../src/federation/federation-file.js';
import { mergeItems, shareLimit } from '../../src/federation/merge.js';
import { fillTemplate, pickSearchTemplate } from '../../src/federation/opensearch-description.js';
import { parseAtomResults, parseGeoJsonResults } from '../../src/federation/opensearch-results.js';
import { decodePagingToken, encodePagingToken } from '../../src/federation/paging-token.js';

const run = promisify(execFile);
const CATALOG_DIR = fileURLToPath(new URL('../../', import.meta.url));

const provider = { id: 'peer', title: 'Peer', type: 'stac', url: 'http://127.0.0.1:1/' };

describe('the providers file (STYX_FEDERATION)', () => {
  it('reads JSON inline or a YAML file, with the timeout defaulted', () => {
    const inline = loadFederationProviders(JSON.stringify({ providers: [provider] }));
    expect(inline).toEqual([{ ...provider, timeoutMs: 5000 }]);
    const dir = mkdtempSync(join(tmpdir(), 'styx-federation-'));
    const file = join(dir, 'providers.yaml');
    writeFileSync(
      file,
      'providers:\n  - id: records\n    title: Records\n    type: opensearch\n    url: http://127.0.0.1:2/osdd.xml\n    timeoutMs: 800\n    headers: {x-api-key: k}\n',
    );
    expect(loadFederationProviders(file)).toEqual([
      {
        id: 'records',
        title: 'Records',
        type: 'opensearch',
        url: 'http://127.0.0.1:2/osdd.xml',
        timeoutMs: 800,
        headers: { 'x-api-key': 'k' },
      },
    ]);
  });

  it('names what is wrong: the field, and the values allowed', () => {
    const bad = () =>
      parseFederationDocument(
        { providers: [{ ...provider, type: 'wfs', url: 'ftp://x', extra: 1 }] },
        'f.json',
      );
    expect(bad).toThrow(FederationConfigError);
    expect(bad).toThrow(/\/providers\/0\/type: .*\(stac, opensearch\)/);
    expect(bad).toThrow(/\/providers\/0\/url/);
    expect(() =>
      parseFederationDocument({ providers: [{ ...provider, id: 'local' }] }, 'f'),
    ).toThrow("provider id 'local' is this catalog's own");
    expect(() => parseFederationDocument({ providers: [provider, provider] }, 'f')).toThrow(
      "provider id 'peer' twice",
    );
    expect(() => loadFederationProviders('/nonexistent/providers.yaml')).toThrow(/cannot read/);
  });

  it('is off unless set; a broken one is a configuration error', () => {
    expect(loadConfig({}).federation).toBeUndefined();
    expect(loadConfig({ STYX_FEDERATION: 'off' }).federation).toBeUndefined();
    expect(() => loadConfig({ STYX_FEDERATION: '{"providers": [{"id": "x"}]}' })).toThrow(
      /STYX_FEDERATION: the inline value is not a valid providers file/,
    );
  });

  it('stops the catalog at start-up with exit code 2 and the reason', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: CATALOG_DIR,
      env: { ...process.env, STYX_FEDERATION: '{"providers": [{"id": "Bad Id"}]}' },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/STYX_FEDERATION: .*\/providers\/0\/id/s);
  });
});

describe('sharing a page and merging it', () => {
  it('shares the limit so the parts add up to it', () => {
    expect([...shareLimit(10, ['a', 'b', 'c']).values()]).toEqual([4, 3, 3]);
    expect([...shareLimit(2, ['a', 'b', 'c']).values()]).toEqual([1, 1, 0]);
  });

  const item = (id: string, datetime: string | null, extra: Record<string, unknown> = {}) =>
    ({
      type: 'Feature',
      stac_version: '1.0.0',
      id,
      geometry: null,
      properties: { datetime, ...extra },
    }) as StacItem;

  it('orders newest first, then by provider, then id; or by the sortby asked', () => {
    const local = [item('b', '2024-01-02T00:00:00Z'), item('a', '2024-01-01T00:00:00Z')];
    const remote = [
      item('a', '2024-01-02T00:00:00Z'),
      item('c', null, { start_datetime: '2024-01-03T00:00:00Z' }),
    ];
    const merged = mergeItems(
      [local.map((i) => ({ item: i, provider: 0 })), remote.map((i) => ({ item: i, provider: 1 }))],
      undefined,
    );
    expect(
      merged.map((i) => `${i.id}@${i.properties.datetime ?? i.properties.start_datetime}`),
    ).toEqual([
      'c@2024-01-03T00:00:00Z',
      'b@2024-01-02T00:00:00Z',
      'a@2024-01-02T00:00:00Z',
      'a@2024-01-01T00:00:00Z',
    ]);
    const byId = mergeItems(
      [local.map((i) => ({ item: i, provider: 0 }))],
      [{ field: 'id', direction: 'asc' }],
    );
    expect(byId.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('round-trips the paging token and refuses one it did not make', () => {
    const position = { local: { at: 'next:x:y', matched: 3 }, peer: { done: true as const } };
    expect(decodePagingToken(encodePagingToken(position))).toEqual(position);
    expect(() => decodePagingToken('next:collection:item')).toThrow(/not a paging token/);
  });
});

describe('OpenSearch', () => {
  const description = `<?xml version="1.0"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <Url type="application/xml" template="http://h/?q={searchTerms?}"/>
  <Url type="application/atom+xml" template="http://h/?f=atom%%2Bxml&amp;q={searchTerms?}&amp;bbox={geo:box?}&amp;time={time:start?}/{time:end?}&amp;start={startIndex?}&amp;n={count?}&amp;eo:x={eo:x?}"/>
</OpenSearchDescription>`;

  it('picks the Atom template and fills it, leaving out parameters not given', () => {
    const template = pickSearchTemplate(description);
    expect(template).toMatchObject({ type: 'application/atom+xml', indexOffset: 1 });
    expect(
      fillTemplate(template.template, { searchTerms: 'river flow', startIndex: '1', count: '5' }),
    ).toBe('http://h/?f=atom%2Bxml&q=river%20flow&start=1&n=5');
    expect(fillTemplate(template.template, { 'time:start': '2024-01-01' })).toBe(
      'http://h/?f=atom%2Bxml&time=2024-01-01/',
    );
    expect(() => fillTemplate('http://h/?q={searchTerms}', {})).toThrow(/requires \{searchTerms\}/);
  });

  it('turns Atom entries into STAC items: id, footprint (latitude first), date, links', () => {
    const page = parseAtomResults(`<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:os="http://a9.com/-/spec/opensearch/1.1/" xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <os:totalResults>7</os:totalResults><os:startIndex>3</os:startIndex>
  <entry>
    <id>urn:x</id><dc:identifier>rec-1</dc:identifier><title>Gauge</title>
    <updated>2024-02-01T00:00:00Z</updated><dc:date>2024-01-01T00:00:00Z/2024-01-31T00:00:00Z</dc:date>
    <link href="http://h/rec-1.xml"/><link rel="enclosure" type="application/x-netcdf" href="http://h/rec-1.nc"/>
    <georss:where><gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><gml:lowerCorner>43 1</gml:lowerCorner><gml:upperCorner>44 2</gml:upperCorner></gml:Envelope></georss:where>
  </entry>
  <entry><id>rec-2</id><updated>2024-03-01T00:00:00Z</updated><georss:point>45 5</georss:point></entry>
</feed>`);
    expect(page).toMatchObject({ totalResults: 7, startIndex: 3 });
    const [a, b] = page.items;
    expect(a).toMatchObject({
      id: 'rec-1',
      bbox: [1, 43, 2, 44],
      properties: {
        datetime: null,
        start_datetime: '2024-01-01T00:00:00Z',
        end_datetime: '2024-01-31T00:00:00Z',
        title: 'Gauge',
      },
      links: [{ rel: 'alternate', href: 'http://h/rec-1.xml' }],
      assets: { 'enclosure-1': { href: 'http://h/rec-1.nc', roles: ['data'] } },
    });
    expect(b).toMatchObject({
      id: 'rec-2',
      geometry: { type: 'Point', coordinates: [5, 45] },
      properties: { datetime: '2024-03-01T00:00:00Z' },
    });
  });

  it('reads CEOS OpenSearch GeoJSON (OGC 17-047) too: identifier, date interval, totalResults', () => {
    const page = parseGeoJsonResults({
      type: 'FeatureCollection',
      totalResults: 40,
      startIndex: 11,
      features: [
        {
          type: 'Feature',
          id: 'http://h/rec-9',
          geometry: { type: 'Point', coordinates: [5, 45] },
          properties: {
            identifier: 'rec-9',
            title: 'Lake level',
            date: '2024-01-01T00:00:00Z/2024-01-02T00:00:00Z',
          },
        },
      ],
    });
    expect(page).toMatchObject({ totalResults: 40, startIndex: 11 });
    expect(page.items[0]).toMatchObject({
      id: 'rec-9',
      geometry: { type: 'Point', coordinates: [5, 45] },
      properties: {
        datetime: null,
        start_datetime: '2024-01-01T00:00:00Z',
        end_datetime: '2024-01-02T00:00:00Z',
        title: 'Lake level',
      },
    });
  });
});
