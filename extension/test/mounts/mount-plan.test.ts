import { describe, expect, it } from 'vitest';
import type { StacCollectionLike, StacItemLike } from '../../src/codegen/index.js';
import {
  collectionMountPlan,
  isMountName,
  itemMountPlan,
  mountName,
  mountOfCollection,
  mountOfItem,
  mountsForTarget,
  searchMountPlan,
} from '../../src/mounts/mount-plan.js';
import { hrefPrefixes, storageLocation } from '../../src/mounts/storage-location.js';
import type { Mount } from '../../src/mounts/types.js';

const CATALOG = 'http://hub.local/services/catalog/';
const COG = 'image/tiff; application=geotiff; profile=cloud-optimized';

function item(assets: StacItemLike['assets'], extra: Partial<StacItemLike> = {}): StacItemLike {
  return { id: 'S2B_T31TCJ_20240501', collection: 'sentinel-2-l2a', assets, links: [], ...extra };
}

const s2 = item({
  B04: { href: 's3://eo-data/sentinel-2/T31TCJ/2024/05/01/B04.tif', type: COG, roles: ['data'] },
  B08: { href: 's3://eo-data/sentinel-2/T31TCJ/2024/05/01/B08.tif', type: COG, roles: ['data'] },
  thumbnail: { href: 'https://cdn.example.org/t.png', type: 'image/png', roles: ['thumbnail'] },
});

describe('mount names', () => {
  it('keeps what the gateway allows and replaces the rest', () => {
    expect(mountName('S2B_T31TCJ_20240501')).toBe('S2B_T31TCJ_20240501');
    expect(mountName('Loire gauges / 2024 (daily)')).toBe('Loire-gauges-2024-daily');
    expect(mountName('..hidden')).toBe('hidden');
    expect(mountName('Rhône')).toBe('Rhone');
    expect(mountName('???')).toBe('dataset');
    const long = mountName('x'.repeat(100));
    expect(long).toHaveLength(64);
    for (const id of ['a b', '-lead', 'ü', 'x'.repeat(100), '../etc']) {
      expect(isMountName(mountName(id)), id).toBe(true);
    }
  });

  it('adds a number when the name is taken', () => {
    expect(mountName('demo', new Set(['demo']))).toBe('demo-2');
    expect(mountName('demo', new Set(['demo', 'demo-2']))).toBe('demo-3');
    const taken = mountName('y'.repeat(70), new Set(['y'.repeat(64)]));
    expect(taken).toBe(`${'y'.repeat(62)}-2`);
  });
});

describe('where an href is', () => {
  it('s3:// hrefs are buckets and keys; file URLs and absolute paths are POSIX paths', () => {
    expect(storageLocation('s3://eo-data/a/b.tif')).toEqual({
      kind: 's3',
      bucket: 'eo-data',
      key: 'a/b.tif',
    });
    expect(storageLocation('file:///srv/data/a%20b.csv')).toEqual({
      kind: 'posix',
      path: '/srv/data/a b.csv',
    });
    expect(storageLocation('/srv/data/x.csv')).toEqual({ kind: 'posix', path: '/srv/data/x.csv' });
  });

  it('AWS S3 https addresses are S3; any other web address is not', () => {
    expect(storageLocation('https://eo-data.s3.eu-west-1.amazonaws.com/a/b.tif')).toEqual({
      kind: 's3',
      bucket: 'eo-data',
      key: 'a/b.tif',
      region: 'eu-west-1',
    });
    expect(storageLocation('https://s3.amazonaws.com/eo-data/a/b.tif')).toMatchObject({
      bucket: 'eo-data',
    });
    expect(storageLocation('http://127.0.0.1:8000/services/catalog/files/demo/x.csv')).toBeNull();
    expect(storageLocation('relative/x.csv')).toBeNull();
    expect(storageLocation('s3://Not_A_Bucket/x')).toBeNull();
  });

  it('a MinIO URL is S3 when a custom-s3 storage scheme names its server', () => {
    const schemes = [
      { type: 'custom-s3', platform: 'http://minio.local:9000', region: 'us-east-1' },
    ];
    expect(storageLocation('http://minio.local:9000/eo-data/a/b.tif', schemes)).toEqual({
      kind: 's3',
      bucket: 'eo-data',
      key: 'a/b.tif',
      endpoint: 'http://minio.local:9000',
      region: 'us-east-1',
    });
    expect(storageLocation('s3://eo-data/a/b.tif', schemes)).toMatchObject({
      endpoint: 'http://minio.local:9000',
    });
    expect(storageLocation('http://other.local:9000/eo-data/a/b.tif', schemes)).toBeNull();
  });
});

describe('Mount on an item', () => {
  it('mounts the folder its data files share, with the item and its collection as provenance', () => {
    const plan = itemMountPlan(CATALOG, s2);
    expect(plan).toEqual({
      ok: true,
      request: {
        name: 'S2B_T31TCJ_20240501',
        source: { kind: 's3', url: 's3://eo-data/sentinel-2/T31TCJ/2024/05/01' },
        stac: {
          item: `${CATALOG}collections/sentinel-2-l2a/items/S2B_T31TCJ_20240501`,
          collection: `${CATALOG}collections/sentinel-2-l2a`,
        },
      },
    });
  });

  it('the self link is the provenance when the item has one', () => {
    const self = 'http://hub.local/services/catalog/collections/c/items/i';
    const plan = itemMountPlan(CATALOG, { ...s2, links: [{ rel: 'self', href: self }] });
    expect(plan.ok && plan.request.stac?.item).toBe(self);
  });

  it('a POSIX item mounts the directory of its files', () => {
    const plan = itemMountPlan(
      CATALOG,
      item(
        { series: { href: '/srv/styx/demo/gauges/LOI-0123/series.csv', roles: ['data'] } },
        { id: 'LOI-0123' },
      ),
    );
    expect(plan.ok && plan.request.source).toEqual({
      kind: 'posix',
      path: '/srv/styx/demo/gauges/LOI-0123',
    });
  });

  it('takes the endpoint from the collection storage scheme for an S3-compatible store', () => {
    const collection: StacCollectionLike = {
      id: 'sentinel-2-l2a',
      'storage:schemes': { minio: { type: 'custom-s3', platform: 'http://minio.local:9000' } },
    };
    const plan = itemMountPlan(
      CATALOG,
      item({ B04: { href: 'http://minio.local:9000/eo-data/s2/x/B04.tif', roles: ['data'] } }),
      { collection },
    );
    expect(plan.ok && plan.request.source).toEqual({
      kind: 's3',
      url: 's3://eo-data/s2/x',
      endpoint: 'http://minio.local:9000',
    });
  });

  it('an alternate s3 href counts when the main href is a web URL', () => {
    const plan = itemMountPlan(
      CATALOG,
      item({
        B04: {
          href: 'https://cdn.example.org/B04.tif',
          roles: ['data'],
          alternate: { s3: { href: 's3://eo-data/s2/x/B04.tif' } },
        },
      }),
    );
    expect(plan.ok && plan.request.source).toEqual({ kind: 's3', url: 's3://eo-data/s2/x' });
  });

  it('cannot mount web URLs (the demo catalog under the Hub), nor files in two buckets', () => {
    const web = itemMountPlan(
      CATALOG,
      item({ series: { href: `${CATALOG}files/demo/gauges/a.csv`, roles: ['data'] } }),
    );
    expect(web).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not in S3 or on a file system/),
    });
    const split = itemMountPlan(
      CATALOG,
      item({
        a: { href: 's3://bucket-one/x/a.tif', roles: ['data'] },
        b: { href: 's3://bucket-two/x/b.tif', roles: ['data'] },
      }),
    );
    expect(split).toMatchObject({ ok: false, reason: expect.stringMatching(/no common folder/) });
  });

  it('avoids a name another mount has', () => {
    const plan = itemMountPlan(CATALOG, s2, { taken: new Set(['S2B_T31TCJ_20240501']) });
    expect(plan.ok && plan.request.name).toBe('S2B_T31TCJ_20240501-2');
  });
});

describe('Mount on a collection', () => {
  it('mounts the folder of its collection-level data (a Zarr store)', () => {
    const plan = collectionMountPlan(CATALOG, {
      id: 'era5-land',
      assets: {
        cube: {
          href: 's3://climate/era5-land/cube.zarr',
          roles: ['data'],
          type: 'application/vnd+zarr',
        },
        thumbnail: { href: 's3://climate/era5-land/t.png', roles: ['thumbnail'] },
      },
    });
    expect(plan).toEqual({
      ok: true,
      request: {
        name: 'era5-land',
        source: { kind: 's3', url: 's3://climate/era5-land' },
        stac: { collection: `${CATALOG}collections/era5-land` },
      },
    });
  });

  it('an asset naming a folder (ending with /) is that folder', () => {
    const plan = collectionMountPlan(CATALOG, {
      id: 'gauges',
      assets: { data: { href: '/srv/styx/gauges/', roles: ['data'] } },
    });
    expect(plan.ok && plan.request.source).toEqual({ kind: 'posix', path: '/srv/styx/gauges' });
  });

  it('else the bucket of its single S3 storage scheme', () => {
    const plan = collectionMountPlan(CATALOG, {
      id: 'sentinel-2-l2a',
      'storage:schemes': {
        minio: { type: 'custom-s3', platform: 'http://minio.local:9000', bucket: 'eo-data' },
      },
    });
    expect(plan.ok && plan.request.source).toEqual({
      kind: 's3',
      url: 's3://eo-data',
      endpoint: 'http://minio.local:9000',
    });
  });

  it('is disabled, saying why, when the collection names no storage', () => {
    const plan = collectionMountPlan(CATALOG, { id: 'styx-gauges', item_assets: {} });
    expect(plan).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no common storage folder/),
    });
  });
});

describe('Mount on a search', () => {
  it('mounts the folder the results share, the collection as provenance', () => {
    const other = item(
      { B04: { href: 's3://eo-data/sentinel-2/T31TCJ/2024/05/11/B04.tif', roles: ['data'] } },
      { id: 'S2B_T31TCJ_20240511' },
    );
    const plan = searchMountPlan(CATALOG, { collections: ['sentinel-2-l2a'] }, [s2, other]);
    expect(plan).toEqual({
      ok: true,
      request: {
        name: 'sentinel-2-l2a-search',
        source: { kind: 's3', url: 's3://eo-data/sentinel-2/T31TCJ/2024/05' },
        stac: { collection: `${CATALOG}collections/sentinel-2-l2a` },
      },
    });
  });

  it('refuses results spread over a whole bucket, or no results', () => {
    const far = item({ a: { href: 's3://eo-data/other/a.tif', roles: ['data'] } });
    expect(searchMountPlan(CATALOG, {}, [s2, far]).ok).toBe(false);
    expect(searchMountPlan(CATALOG, {}, []).ok).toBe(false);
  });
});

function mount(
  name: string,
  stac: Mount['stac'],
  source: Mount['source'],
  state: Mount['state'] = 'mounted',
): Mount {
  return {
    name,
    path: `data/${name}`,
    driver: 'rclone',
    source,
    state,
    createdAt: '2026-12-07T10:00:00Z',
    stac,
  };
}

describe('which mount is whose', () => {
  const itemUrl = `${CATALOG}collections/sentinel-2-l2a/items/S2B_T31TCJ_20240501`;
  const collectionUrl = `${CATALOG}collections/sentinel-2-l2a`;
  const ofItem = mount(
    'S2B',
    { item: itemUrl, collection: collectionUrl },
    { kind: 's3', url: 's3://eo-data/sentinel-2/T31TCJ/2024/05/01' },
  );
  const ofCollection = mount(
    's2',
    { collection: collectionUrl },
    { kind: 's3', url: 's3://eo-data/sentinel-2' },
  );
  const failed = mount(
    'broken',
    { collection: collectionUrl },
    { kind: 's3', url: 's3://eo-data' },
    'failed',
  );
  const all = [ofItem, ofCollection, failed];

  it('Unmount shows on the item and on the collection their own mounts', () => {
    expect(mountOfItem(all, CATALOG, s2)).toBe(ofItem);
    // The item's mount is not the collection's.
    expect(mountOfCollection(all, CATALOG, { id: 'sentinel-2-l2a' })).toBe(ofCollection);
    expect(mountOfItem(all, CATALOG, { ...s2, id: 'other' })).toBeUndefined();
  });

  it('a drop reads from the item mount, then the collection mount, never a failed one', () => {
    expect(mountsForTarget({ kind: 'item', catalogUrl: CATALOG, item: s2 }, all)).toEqual([
      ofItem,
      ofCollection,
    ]);
    expect(
      mountsForTarget(
        { kind: 'collection', catalogUrl: CATALOG, collection: { id: 'sentinel-2-l2a' } },
        all,
      ),
    ).toEqual([ofCollection]);
    expect(
      mountsForTarget(
        { kind: 'search', catalogUrl: CATALOG, search: { collections: ['sentinel-2-l2a'] } },
        all,
      ),
    ).toEqual([ofCollection]);
    expect(
      mountsForTarget({ kind: 'item', catalogUrl: 'http://elsewhere/', item: s2 }, all),
    ).toEqual([]);
  });

  it('a mount holds the hrefs a catalog may write for its files', () => {
    expect(
      hrefPrefixes({ kind: 's3', url: 's3://eo-data/s2', endpoint: 'http://minio.local:9000' }),
    ).toEqual(['s3://eo-data/s2/', 'http://minio.local:9000/eo-data/s2/']);
    expect(hrefPrefixes({ kind: 's3', url: 's3://eo-data', region: 'eu-west-1' })).toEqual([
      's3://eo-data/',
      'https://eo-data.s3.amazonaws.com/',
      'https://eo-data.s3.eu-west-1.amazonaws.com/',
    ]);
    expect(hrefPrefixes({ kind: 'posix', path: '/srv/data/' })).toEqual([
      '/srv/data/',
      'file:///srv/data/',
    ]);
  });
});
