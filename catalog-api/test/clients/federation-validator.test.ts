import { freePort } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { startStacFastapiPeer } from '../support/federation-servers.js';
import { fixture } from '../support/fixture.js';
import { listenTestCatalog } from '../support/listening-catalog.js';
import { runStacApiValidator } from '../support/stac-api-validator.js';

/**
 * stac-api-validator against the catalog with federation on: /search and collection search
 * fan out to a second Styx catalog and a stac-fastapi-pgstac, both holding the same items as
 * the local one (the same ids, under `<provider>:<collection>`). Only the classes federation
 * changes are run (stac-api-validator.test.ts runs them all without federation), to keep the
 * suite's time in check.
 */
describe('stac-api-validator with federation on', () => {
  let local: TestCatalog;
  let app: FastifyInstance;
  let url: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const [t, peer, pgstac] = await Promise.all([
      openTestCatalog('postgres'),
      listenTestCatalog('pglite'),
      startStacFastapiPeer(),
    ]);
    local = t;
    closers.push(peer.close, pgstac.close);
    await local.app.close();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    app = await buildApp({
      db: local.db,
      baseUrl: url,
      federation: [
        { id: 'peer', title: 'Another Styx', type: 'stac', url: peer.url, timeoutMs: 20_000 },
        {
          id: 'pgstac',
          title: 'stac-fastapi-pgstac',
          type: 'stac',
          url: pgstac.url,
          timeoutMs: 20_000,
        },
      ],
    });
    await app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await app?.close();
    await local?.close();
    await Promise.all(closers.map((close) => close().catch(() => {})));
  });

  it('passes core, collections, item search (sort, fields) and filter', async () => {
    const f = await fixture();
    // The Fields checks need a nested property every item of the collection has (a number,
    // as stac-api-validator.test.ts picks: the validator treats datetime apart).
    const { collection, property } = (() => {
      for (const c of f.collections) {
        const items = f.items.filter((i) => i.collection === c.id);
        const name = Object.keys(items[0]?.properties ?? {}).find((k) =>
          items.every((i) => typeof i.properties[k] === 'number'),
        );
        if (name) return { collection: c.id, property: name };
      }
      throw new Error('no fixture collection has a numeric property for the Fields checks');
    })();
    const classes = [
      'core',
      'collections',
      'item-search',
      'item-search#sort',
      'item-search#fields',
      'filter',
    ];
    const output = await runStacApiValidator(url, {
      classes,
      collection,
      extraArgs: ['--fields-nested-property', `properties.${property}`],
    });
    expect(output).not.toMatch(/Errors:\s*\n\s*-/);
    expect(output).toMatch(/Errors: none/);
  });
});
