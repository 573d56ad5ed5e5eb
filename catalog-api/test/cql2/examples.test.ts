import { describe, expect, it } from 'vitest';
import { parseCql2Text } from '../../src/cql2/index.js';
import { EXAMPLES_DIR, loadExamples } from './corpus.js';
import { canonical } from './equivalence.js';

/**
 * The bar: the examples published with OGC CQL2 (OGC 21-065r2). Every text example must
 * parse, and every one with a JSON twin must produce an equivalent CQL2-JSON document
 * (equivalence as defined in ./equivalence.ts). One test per file, so a failure names it.
 */

const examples = loadExamples();
const byName = new Map(examples.map((example) => [example.name, example]));

/**
 * `NAME-altNN` files have no JSON twin of their own: they are other spellings of the filter in
 * NAME (`"name" NOT LIKE 'foo%'` for `NOT "name" LIKE 'foo%'`, WKT without the Z tag, a
 * timestamp without its zero fraction, arithmetic without parentheses), so they must produce
 * NAME's JSON.
 */
function expectedJson(name: string): unknown {
  const own = byName.get(name)?.json;
  if (own !== undefined) return own;
  const base = name.replace(/-alt\d+$/, '');
  return base === name ? undefined : byName.get(base)?.json;
}

describe('OGC CQL2 examples', () => {
  // json/ holds 109 twins plus the OGC's validate.sh; the 11 texts without a twin are -alt01s.
  it(`finds the corpus at ${EXAMPLES_DIR}`, () => {
    expect(examples.length, 'text examples').toBe(120);
    expect(examples.filter((example) => example.json !== undefined).length, 'JSON twins').toBe(109);
  });

  for (const example of examples) {
    it(`${example.name}.txt`, () => {
      const parsed = parseCql2Text(example.text);
      const expected = expectedJson(example.name);
      expect(expected, `a JSON twin for ${example.name}`).toBeDefined();
      expect(canonical(parsed)).toStrictEqual(canonical(expected));
    });
  }
});

describe('the equivalence used above is narrow', () => {
  const same = (a: unknown, b: unknown) => expect(canonical(a)).toStrictEqual(canonical(b));
  const differ = (a: unknown, b: unknown) => expect(canonical(a)).not.toStrictEqual(canonical(b));

  it('merges only zero fractions of seconds, and only in timestamps and intervals', () => {
    same({ timestamp: '2012-08-10T05:30:00.000000Z' }, { timestamp: '2012-08-10T05:30:00Z' });
    same({ timestamp: '2012-08-10T05:30:00.500Z' }, { timestamp: '2012-08-10T05:30:00.5Z' });
    same(
      { interval: ['2000-01-01T00:00:00.0Z', '..'] },
      { interval: ['2000-01-01T00:00:00Z', '..'] },
    );
    differ({ timestamp: '2012-08-10T05:30:00.5Z' }, { timestamp: '2012-08-10T05:30:00Z' });
    differ(
      { op: '=', args: [{ property: 'x' }, '2012-08-10T05:30:00.000Z'] },
      { op: '=', args: [{ property: 'x' }, '2012-08-10T05:30:00Z'] },
    );
    differ({ date: '2012-08-10' }, { timestamp: '2012-08-10T00:00:00Z' });
  });

  it('compares numbers by value but keeps types and structure', () => {
    same({ bbox: [-0, 1.0] }, { bbox: [0, 1] });
    differ({ op: '=', args: [{ property: 'x' }, 1] }, { op: '=', args: [{ property: 'x' }, '1'] });
    differ(
      { op: 'and', args: [true, { op: 'and', args: [true, false] }] },
      { op: 'and', args: [true, true, false] },
    );
    differ({ op: 't_finishedBy', args: [] }, { op: 't_finishedby', args: [] });
    differ({ op: '-', args: [1, 2] }, { op: '-', args: [2, 1] });
    differ(
      { op: 'in', args: [{ property: 'x' }, [1]] },
      { op: 'in', args: [{ property: 'x' }, 1] },
    );
  });
});
