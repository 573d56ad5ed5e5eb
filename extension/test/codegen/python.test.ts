import { beforeAll, describe, expect, it } from 'vitest';
import { pyComment, pyIdentifier, pyLiteral, pyStr } from '../../src/codegen/python.js';
import { HOSTILE } from './fixtures.js';
import { PythonCells } from './python-check.js';

const py = new PythonCells();
const stringLiterals = HOSTILE.map((text) => py.addLiteral(pyStr(text)));
const nested = {
  op: 'and',
  args: [
    { op: '=', args: [{ property: 'styx:basin' }, 'Loire\'s "basin"\n'] },
    { op: '<', args: [{ property: 'eo:cloud_cover' }, 12.5] },
    { op: 'isNull', args: [{ property: 'x' }] },
  ],
  flags: [true, false, null],
  big: 1e21,
  small: -0.000015,
};
const nestedLiteral = py.addLiteral(pyLiteral(nested));
const comments = HOSTILE.map((text) => py.add({ code: `# ${pyComment(text)}\nx = 1\n` }));

beforeAll(() => py.run());

describe('pyStr', () => {
  it.each(HOSTILE.map((text, i) => [JSON.stringify(text), text, stringLiterals[i]!]))(
    'Python reads %s back unchanged',
    (_label, text, literal) => {
      expect(py.literal(literal)).toEqual({ ok: true, value: text });
    },
  );

  it('stays on one line and escapes invisible and bidi characters', () => {
    for (const literal of stringLiterals) {
      for (const char of ['\n', '\r', '\u2028', '\u2029', '\u0085', '\u202e', '\u200b', '\u0000']) {
        expect(literal).not.toContain(char);
      }
    }
    expect(pyStr('a\u202eb')).toBe("'a\\u202eb'");
    expect(pyStr('🌊\ud800')).toBe("'🌊\\ud800'");
  });

  it('quotes like repr()', () => {
    expect(pyStr('plain')).toBe("'plain'");
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pyStr('débit')).toBe("'débit'");
  });
});

describe('pyLiteral', () => {
  it('writes dicts, lists, None, True and False that Python reads back', () => {
    expect(py.literal(nestedLiteral)).toEqual({ ok: true, value: nested });
    expect(pyLiteral([null, true, false])).toBe('[None, True, False]');
  });

  it('leaves out undefined entries and spreads long values over lines', () => {
    expect(pyLiteral({ a: 1, b: undefined })).toBe("{'a': 1}");
    expect(nestedLiteral.split('\n').length).toBeGreaterThan(3);
  });
});

describe('pyComment', () => {
  it('keeps hostile text inside the comment line', () => {
    for (const cell of comments) {
      expect(py.verdict(cell.code)).toMatchObject({ ok: true, undefined: [] });
      expect(cell.code.split('\n')).toHaveLength(3);
    }
  });
});

describe('pyIdentifier', () => {
  const opts = { fallback: 'item', lowerCase: true };

  it('makes snake-case identifiers from arbitrary ids', () => {
    expect(pyIdentifier('S2_WM_T31_2024-05', opts)).toBe('s2_wm_t31_2024_05');
    expect(pyIdentifier('Débit (m³/s)', opts)).toBe('debit_m3_s');
    expect(pyIdentifier("x'); import os #", opts)).toBe('x_import_os');
  });

  it('prefixes a leading digit and falls back when nothing is left', () => {
    expect(pyIdentifier('2024-05-01', opts)).toBe('item_2024_05_01');
    expect(pyIdentifier('水位 🌊', opts)).toBe('item');
    expect(pyIdentifier('', opts)).toBe('item');
  });

  it('avoids keywords, builtins and reserved names', () => {
    expect(pyIdentifier('class', opts)).toBe('class_');
    expect(pyIdentifier('None', { fallback: 'x' })).toBe('None_');
    expect(pyIdentifier('print', opts)).toBe('print_');
    expect(pyIdentifier('pandas', { ...opts, reserved: ['pandas'] })).toBe('pandas_');
  });

  it('keeps the case of a name the user typed, and bounds the length', () => {
    expect(pyIdentifier('myDA', { fallback: 'x' })).toBe('myDA');
    expect(pyIdentifier('a'.repeat(80), opts).length).toBeLessThanOrEqual(48);
  });
});
