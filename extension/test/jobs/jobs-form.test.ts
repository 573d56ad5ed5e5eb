import { describe, expect, it } from 'vitest';
import { itemOfDrop } from '../../src/jobs/drop-href.js';
import { inputValue, resultItemUrl } from '../../src/jobs/job-form.js';
import type { InputDescription } from '../../src/jobs/types.js';

const described = (schema: Record<string, unknown>): InputDescription => ({
  title: 't',
  description: 'd',
  minOccurs: 1,
  schema,
});

describe('the Jobs form', () => {
  it('sends each value as the process schema wants it', () => {
    expect(inputValue(described({ type: 'number' }), '0.25')).toBe(0.25);
    expect(inputValue(described({ type: 'integer' }), '7')).toBe(7);
    expect(inputValue(described({ type: 'boolean' }), 'true')).toBe(true);
    expect(inputValue(described({ type: 'boolean' }), '')).toBe(false);
    expect(
      inputValue(described({ type: 'array', items: {} }), 'http://a/1.csv,\nhttp://a/2.csv'),
    ).toEqual(['http://a/1.csv', 'http://a/2.csv']);
    expect(inputValue(described({ type: 'string' }), 'garonne')).toBe('garonne');
  });

  it('sends a dropped asset with the catalog item it belongs to', () => {
    const file = described({ anyOf: [], contentMediaType: 'text/csv' });
    expect(inputValue(file, 'http://c/g1.csv', 'http://c/collections/g/items/g1')).toEqual({
      href: 'http://c/g1.csv',
      'styx:item': 'http://c/collections/g/items/g1',
    });
    expect(inputValue(file, 'http://c/g1.csv')).toBe('http://c/g1.csv');
    const item = {
      type: 'Feature' as const,
      id: 'g1',
      links: [{ rel: 'self', href: 'http://c/collections/g/items/g1' }],
      assets: { data: { href: 'http://c/g1.csv' } },
    };
    expect(
      itemOfDrop({ kind: 'asset', catalogUrl: 'http://c/', item, assetKey: 'data' } as never),
    ).toBe('http://c/collections/g/items/g1');
    expect(
      itemOfDrop({ kind: 'search', catalogUrl: 'http://c/', search: {} } as never),
    ).toBeUndefined();
  });

  it("finds a finished job's result item among its links", () => {
    const job = {
      jobID: 'j',
      processID: 'p',
      status: 'successful' as const,
      created: '',
      updated: '',
      links: [
        { rel: 'self', href: 'http://p/jobs/j' },
        { rel: 'item', href: 'http://c/collections/results-ada/items/j' },
      ],
    };
    expect(resultItemUrl(job)).toBe('http://c/collections/results-ada/items/j');
    expect(resultItemUrl({ ...job, links: [] })).toBeUndefined();
    expect(resultItemUrl(undefined)).toBeUndefined();
  });
});
