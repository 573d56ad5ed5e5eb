import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { migrationPlan } from '../../src/db/pgstac-schema.js';
import { inferQueryables } from '../../src/loader/infer-queryables.js';
import { cql2Properties } from '../../src/stac/cql2-validation.js';

describe('configuration', () => {
  it('defaults to the embedded PGlite catalog on 127.0.0.1:8081 with the demo', () => {
    const config = loadConfig({ STYX_DATA_DIR: '/tmp/styx-x' });
    expect(config.publicUrl).toBe('http://127.0.0.1:8081/');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/tmp/styx-x/catalog-pglite' });
    expect(config.demo).toBe('auto');
    expect(config.serveDemoFiles).toBe(true);
  });
  it('serves the demo files unless STYX_DEMO_FILES is off', () => {
    expect(loadConfig({ STYX_DEMO_FILES: 'off' }).serveDemoFiles).toBe(false);
    expect(loadConfig({ STYX_DEMO_FILES: 'on' }).serveDemoFiles).toBe(true);
    expect(() => loadConfig({ STYX_DEMO_FILES: 'yes' })).toThrow(/STYX_DEMO_FILES.*on, off/);
  });
  it('uses PostgreSQL when a URL is given, and a public URL for links', () => {
    const config = loadConfig({
      STYX_DATABASE_URL: 'postgres://u@h/db',
      STYX_CATALOG_PUBLIC_URL: 'http://127.0.0.1:8000/services/catalog',
      STYX_CATALOG_PORT: '9000',
    });
    expect(config.database).toMatchObject({
      kind: 'postgres',
      readUrl: 'postgres://u@h/db',
      writeUrl: 'postgres://u@h/db',
    });
    expect(config.publicUrl).toBe('http://127.0.0.1:8000/services/catalog/');
    expect(config.port).toBe(9000);
    expect(config.demo).toBe('off');
  });
  it('names every bad setting', () => {
    expect(() => loadConfig({ STYX_CATALOG_PORT: 'eighty', STYX_LOG_LEVEL: 'loud' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ STYX_CATALOG_PORT: 'eighty' })).toThrow(/STYX_CATALOG_PORT/);
    expect(() => loadConfig({ STYX_LOG_LEVEL: 'loud' })).toThrow(/STYX_LOG_LEVEL.*info/);
  });
});

describe('PgSTAC migration plan', () => {
  const files = [
    'pgstac.0.9.8.sql',
    'pgstac.0.9.8-0.9.9.sql',
    'pgstac.0.9.9-0.10.0.sql',
    'pgstac.0.10.0.sql',
  ];
  it('installs the full script on an empty database', () => {
    expect(migrationPlan(files, undefined, '0.10.0')).toEqual(['pgstac.0.10.0.sql']);
  });
  it('chains incremental steps from an older version, and does nothing when current', () => {
    expect(migrationPlan(files, '0.9.8', '0.10.0')).toEqual([
      'pgstac.0.9.8-0.9.9.sql',
      'pgstac.0.9.9-0.10.0.sql',
    ]);
    expect(migrationPlan(files, '0.10.0', '0.10.0')).toEqual([]);
  });
  it('says when there is no path', () => {
    expect(() => migrationPlan(files, '0.8.0', '0.10.0')).toThrow(
      /no PgSTAC migration path from 0.8.0/,
    );
  });
});

describe('CQL2-JSON checks', () => {
  it('collects the properties a filter names', () => {
    const names = cql2Properties({
      op: 'and',
      args: [
        { op: '>', args: [{ property: 'wse' }, 10] },
        {
          op: 's_intersects',
          args: [{ property: 'geometry' }, { type: 'Point', coordinates: [1, 2] }],
        },
        { op: 't_during', args: [{ property: 'datetime' }, { interval: ['2024-01-01', '..'] }] },
      ],
    });
    expect([...names].sort()).toEqual(['datetime', 'geometry', 'wse']);
  });
  it('refuses operators PgSTAC cannot evaluate and shapes that are not CQL2', () => {
    expect(() => cql2Properties({ op: 'regex', args: [] })).toThrow(
      /operator "regex" is not supported/,
    );
    expect(() => cql2Properties({ op: '=', args: [{ foo: 1 }, 1] })).toThrow(
      /args\[0\].*not a CQL2 expression/,
    );
    expect(() => cql2Properties({ op: '=' })).toThrow(/needs an "args" array/);
  });
});

describe('queryable inference', () => {
  const item = (properties: Record<string, unknown>): StacItem =>
    ({ type: 'Feature', stac_version: '1.0.0', id: 'x', geometry: null, properties }) as StacItem;
  it('types numbers, strings, timestamps and arrays; merges integer with number', () => {
    const q = inferQueryables([
      item({
        datetime: '2024-01-01T00:00:00Z',
        wse: 12,
        river: 'Loire',
        'sat:orbit_state': 'ascending',
        published: '2024-01-02T00:00:00Z',
        instruments: ['kari'],
      }),
      item({ wse: 12.5, flag: true }),
    ]);
    expect(q.wse?.type).toBe('number');
    expect(q.river?.type).toBe('string');
    expect(q.published).toMatchObject({ type: 'string', format: 'date-time' });
    expect(q.instruments).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(q.flag?.type).toBe('boolean');
    expect(q.datetime).toBeUndefined();
  });
  it('leaves out properties with conflicting types', () => {
    const q = inferQueryables([item({ code: 'A1' }), item({ code: 7 })]);
    expect(q.code).toBeUndefined();
  });
});
