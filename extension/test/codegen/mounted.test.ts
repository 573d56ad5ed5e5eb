import { beforeAll, describe, expect, it } from 'vitest';
import { mountedPath } from '../../src/codegen/asset.js';
import { generateCode, type MountedFiles, type StacItemLike } from '../../src/codegen/index.js';
import {
  CATALOG,
  COG_TYPE,
  gaugeItem,
  itemWith,
  waterMaskCollection,
  waterMaskItem,
} from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const waterMasks: MountedFiles = {
  name: 'water-mask',
  path: 'data/water-mask',
  hrefPrefixes: ['/data/styx/water-mask/', 'file:///data/styx/water-mask/'],
};
const bucket: MountedFiles = {
  name: 'S2_L2A',
  path: 'data/S2_L2A',
  hrefPrefixes: ['s3://eo-data/sentinel-2/T31/', 'http://minio.local:9000/eo-data/sentinel-2/T31/'],
};
const s3Item: StacItemLike = itemWith({
  b04: {
    href: 's3://eo-data/sentinel-2/T31/2024-05/B04.tif',
    type: COG_TYPE,
    roles: ['data'],
  },
});

const py = new PythonCells();
const cases = {
  posixItem: py.add(
    generateCode(
      { kind: 'item', catalogUrl: CATALOG, item: waterMaskItem },
      { mounts: [waterMasks] },
    ),
  ),
  s3Item: py.add(
    generateCode({ kind: 'item', catalogUrl: CATALOG, item: s3Item }, { mounts: [bucket] }),
  ),
  asset: py.add(
    generateCode(
      { kind: 'asset', catalogUrl: CATALOG, item: s3Item, assetKey: 'b04' },
      { mounts: [bucket] },
    ),
  ),
  elsewhere: py.add(
    generateCode({ kind: 'item', catalogUrl: CATALOG, item: gaugeItem }, { mounts: [waterMasks] }),
  ),
  rasterCollection: py.add(
    generateCode(
      { kind: 'collection', catalogUrl: CATALOG, collection: waterMaskCollection },
      { mounts: [waterMasks] },
    ),
  ),
};

beforeAll(() => py.run());

describe('a drop of a mounted dataset', () => {
  it('is still valid Python, imports first, ending on its variable', () => {
    for (const cell of Object.values(cases)) expectRunnableCell(py, cell);
  });

  it('opens the file in the mount under the home, not the remote href', () => {
    const [path] = py.call(cases.posixItem.code, 'rioxarray.open_rasterio').args;
    expect(path).toEqual({ expr: "os.path.expanduser('~/data/water-mask/T31/2024-05/mask.tif')" });
    expect(py.call(cases.posixItem.code, 'os.path.expanduser').args).toEqual([
      '~/data/water-mask/T31/2024-05/mask.tif',
    ]);
    expect(cases.posixItem.imports).toContain('import os');
    // Says where the data came from.
    expect(cases.posixItem.code).toContain(
      '# From your mount data/water-mask (/data/styx/water-mask/T31/2024-05/mask.tif)',
    );
  });

  it('an S3 file is read from the mount, without S3 notes or credentials', () => {
    for (const cell of [cases.s3Item, cases.asset]) {
      expect(py.call(cell.code, 'os.path.expanduser').args).toEqual([
        '~/data/S2_L2A/2024-05/B04.tif',
      ]);
      expect(cell.code).not.toContain('/vsis3/');
      expect(cell.code).not.toContain('storage_options');
    }
  });

  it('keeps the remote href of a file no mount holds', () => {
    expect(py.call(cases.elsewhere.code, 'pandas.read_csv').args).toEqual([
      '/data/styx/gauges/LOI-0123.csv',
    ]);
    expect(cases.elsewhere.code).not.toContain('import os');
  });

  it('a raster collection loads its cube from the mount through patch_url', () => {
    const load = py.call(cases.rasterCollection.code, 'odc.stac.load');
    expect(load.kwargs.patch_url).toEqual({ expr: 'from_mount' });
    expect(cases.rasterCollection.code).toContain("'/data/styx/water-mask/': '~/data/water-mask/'");
    expect(cases.rasterCollection.code).toContain('def from_mount(href):');
  });
});

describe('mountedPath', () => {
  it('maps an href under a prefix to the same path under the mount', () => {
    expect(mountedPath('s3://eo-data/sentinel-2/T31/a/b%20c.tif', [bucket])).toBe(
      'data/S2_L2A/a/b c.tif',
    );
    expect(
      mountedPath('http://minio.local:9000/eo-data/sentinel-2/T31/x.tif?sig=1', [bucket]),
    ).toBe('data/S2_L2A/x.tif');
  });

  it('prefers the mount of the deeper folder', () => {
    const deeper = {
      ...bucket,
      name: 'may',
      path: 'data/may',
      hrefPrefixes: ['s3://eo-data/sentinel-2/T31/2024-05/'],
    };
    expect(mountedPath('s3://eo-data/sentinel-2/T31/2024-05/B04.tif', [bucket, deeper])).toBe(
      'data/may/B04.tif',
    );
  });

  it('never leaves the mount, nor maps the folder itself or another bucket', () => {
    expect(mountedPath('s3://eo-data/sentinel-2/T31/../../secret.tif', [bucket])).toBeUndefined();
    expect(mountedPath('s3://eo-data/sentinel-2/T31/', [bucket])).toBeUndefined();
    expect(mountedPath('s3://eo-data/sentinel-2/T32/a.tif', [bucket])).toBeUndefined();
  });
});
