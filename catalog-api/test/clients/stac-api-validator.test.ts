import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { listenTestCatalog } from '../support/listening-catalog.js';
import { runStacApiValidator } from '../support/stac-api-validator.js';

/**
 * The STAC API's own test suite, stac-api-validator (PyPI), against the running catalog:
 * core, browseable, collections, features, item search, filter, the sort/fields/query variants
 * and transactions on a scratch collection.
 */
/**
 * The Query extension checks need, in one collection, a numeric, a text and an array property
 * with values that exist: taken from the fixture.
 */
async function queryTargets() {
  const f = await fixture();
  for (const c of f.collections) {
    const items = f.items.filter((i) => i.collection === c.id);
    const props = items[0]?.properties ?? {};
    const pick = (test: (v: unknown) => boolean) =>
      Object.keys(props).find((k) => items.every((i) => test(i.properties[k])));
    const numericName = pick((v) => typeof v === 'number' && !Number.isInteger(v));
    const textName = pick(
      (v) => typeof v === 'string' && v.length >= 6 && !/^\d{4}-\d{2}-/.test(v),
    );
    const arrayName = pick((v) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'string');
    if (!numericName || !textName || !arrayName) continue;
    const values = items.map((i) => i.properties[numericName] as number).sort((a, b) => a - b);
    return {
      collection: c.id,
      numeric: {
        name: numericName,
        some: values[0]!,
        median: values[Math.floor(values.length / 2)]!,
      },
      text: { name: textName, value: items[0]!.properties[textName] as string },
      array: { name: arrayName, value: items[0]!.properties[arrayName] as string[] },
    };
  }
  throw new Error(
    'no fixture collection has numeric, text and array properties for the Query checks',
  );
}

describe('stac-api-validator', () => {
  let server: Awaited<ReturnType<typeof listenTestCatalog>>;
  beforeAll(async () => {
    server = await listenTestCatalog('postgres');
    const scratch = {
      type: 'Collection',
      stac_version: '1.0.0',
      id: 'validator-scratch',
      description: 'scratch',
      license: 'CC0-1.0',
      extent: {
        spatial: { bbox: [[-180, -90, 180, 90]] },
        temporal: { interval: [['2020-01-01T00:00:00Z', null]] },
      },
      links: [],
    };
    const res = await fetch(`${server.url}collections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` },
      body: JSON.stringify(scratch),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => server?.close());

  it('passes every conformance class the catalog declares', async () => {
    const { collection, numeric, text, array } = await queryTargets();
    const classes = [
      'core',
      'browseable',
      'collections',
      'features',
      'item-search',
      'filter',
      'item-search#sort',
      'item-search#fields',
      'item-search#query',
      'features#sort',
      'features#fields',
      'features#query',
      'transaction',
    ];
    const output = await runStacApiValidator(server.url, {
      classes,
      collection,
      extraArgs: [
        '--transaction-collection',
        'validator-scratch',
        '--auth-bearer-token',
        WRITE_TOKEN,
        '--fields-nested-property',
        `properties.${numeric.name}`,
        '--query-comparison-field',
        numeric.name,
        '--query-eq-value',
        String(numeric.some),
        '--query-neq-value',
        String(numeric.some),
        '--query-lt-value',
        String(numeric.median),
        '--query-lte-value',
        String(numeric.median),
        '--query-gt-value',
        String(numeric.median),
        '--query-gte-value',
        String(numeric.median),
        '--query-substring-field',
        text.name,
        '--query-starts-with-value',
        text.value.slice(0, 3),
        '--query-ends-with-value',
        text.value.slice(-2),
        '--query-contains-value',
        text.value.slice(1, -1),
        '--query-in-field',
        array.name,
        '--query-in-values',
        array.value.join(','),
      ],
    });
    expect(output).not.toMatch(/Errors:\s*\n\s*-/);
    expect(output).toMatch(/Errors: none/);
  });
});
