import { describe, expect, it } from 'vitest';
import { Cql2SyntaxError, parseCql2Text } from '../../src/cql2/index.js';

const p = (name: string) => ({ property: name });
const eq = (left: unknown, right: unknown) => ({ op: '=', args: [left, right] });
const a1 = eq(p('a'), 1);
const b2 = eq(p('b'), 2);
const c3 = eq(p('c'), 3);
const d4 = eq(p('d'), 4);

/** Parses `text`, expecting a Cql2SyntaxError; returns it for further checks. */
function syntaxError(text: string): Cql2SyntaxError {
  try {
    parseCql2Text(text);
  } catch (error) {
    expect(error).toBeInstanceOf(Cql2SyntaxError);
    return error as Cql2SyntaxError;
  }
  return expect.fail(`expected a syntax error for ${JSON.stringify(text)}`);
}

function expectError(text: string, line: number, column: number, reason: RegExp): Cql2SyntaxError {
  const error = syntaxError(text);
  expect({ line: error.line, column: error.column }, error.message).toEqual({ line, column });
  expect(error.message).toMatch(reason);
  expect(error.message.startsWith(`CQL2 syntax error at line ${line}, column ${column}: `)).toBe(
    true,
  );
  return error;
}

describe('Boolean operators', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseCql2Text('a = 1 OR b = 2 AND c = 3')).toEqual({
      op: 'or',
      args: [a1, { op: 'and', args: [b2, c3] }],
    });
    expect(parseCql2Text('a = 1 AND b = 2 OR c = 3')).toEqual({
      op: 'or',
      args: [{ op: 'and', args: [a1, b2] }, c3],
    });
    expect(parseCql2Text('NOT a = 1 AND b = 2')).toEqual({
      op: 'and',
      args: [{ op: 'not', args: [a1] }, b2],
    });
    expect(parseCql2Text('NOT a = 1 OR b = 2')).toEqual({
      op: 'or',
      args: [{ op: 'not', args: [a1] }, b2],
    });
  });

  it('applies NOT to a whole predicate, as in NOT "name" LIKE ...', () => {
    expect(parseCql2Text("NOT name LIKE 'a%'")).toEqual({
      op: 'not',
      args: [{ op: 'like', args: [p('name'), 'a%'] }],
    });
  });

  it('makes one n-ary node of a chain of the same operator', () => {
    expect(parseCql2Text('a = 1 AND b = 2 AND c = 3')).toEqual({ op: 'and', args: [a1, b2, c3] });
    expect(parseCql2Text('a = 1 OR b = 2 OR c = 3')).toEqual({ op: 'or', args: [a1, b2, c3] });
  });

  it('lets parentheses override precedence', () => {
    expect(parseCql2Text('(a = 1 OR b = 2) AND c = 3')).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [a1, b2] }, c3],
    });
    expect(parseCql2Text('NOT (a = 1 AND b = 2)')).toEqual({
      op: 'not',
      args: [{ op: 'and', args: [a1, b2] }],
    });
    expect(parseCql2Text('((a = 1))')).toEqual(a1);
  });

  it('merges parenthesised operands of the same operator, but not of the other one', () => {
    expect(parseCql2Text('a = 1 AND (b = 2 AND c = 3)')).toEqual({ op: 'and', args: [a1, b2, c3] });
    expect(parseCql2Text('(a = 1 OR b = 2) OR c = 3')).toEqual({ op: 'or', args: [a1, b2, c3] });
    expect(parseCql2Text('a = 1 OR (b = 2 AND c = 3) OR d = 4')).toEqual({
      op: 'or',
      args: [a1, { op: 'and', args: [b2, c3] }, d4],
    });
    expect(parseCql2Text('a = 1 AND NOT (b = 2 AND c = 3)')).toEqual({
      op: 'and',
      args: [a1, { op: 'not', args: [{ op: 'and', args: [b2, c3] }] }],
    });
  });

  it('reads keywords in any letter case', () => {
    expect(parseCql2Text("a = 1 and not b like 'x' Or c Is Not Null")).toEqual({
      op: 'or',
      args: [
        { op: 'and', args: [a1, { op: 'not', args: [{ op: 'like', args: [p('b'), 'x'] }] }] },
        { op: 'not', args: [{ op: 'isNull', args: [p('c')] }] },
      ],
    });
    expect(parseCql2Text('x = true AND y = False')).toEqual({
      op: 'and',
      args: [eq(p('x'), true), eq(p('y'), false)],
    });
  });

  it('accepts Boolean literals and functions as conditions', () => {
    expect(parseCql2Text('TRUE')).toBe(true);
    expect(parseCql2Text('NOT false')).toEqual({ op: 'not', args: [false] });
    expect(parseCql2Text('isValid(geometry) AND a = 1')).toEqual({
      op: 'and',
      args: [{ op: 'isValid', args: [p('geometry')] }, a1],
    });
  });
});

describe('comparison predicates', () => {
  it('covers all comparison operators', () => {
    for (const op of ['=', '<>', '<', '>', '<=', '>=']) {
      expect(parseCql2Text(`x ${op} 1`)).toEqual({ op, args: [p('x'), 1] });
    }
    expect(parseCql2Text('x<>1')).toEqual({ op: '<>', args: [p('x'), 1] });
  });

  it('writes NOT LIKE, NOT BETWEEN, NOT IN and IS NOT NULL as not around the predicate', () => {
    const not = (inner: unknown) => ({ op: 'not', args: [inner] });
    expect(parseCql2Text("x NOT LIKE 'a%'")).toEqual(not({ op: 'like', args: [p('x'), 'a%'] }));
    expect(parseCql2Text('x NOT BETWEEN 1 AND 2')).toEqual(
      not({ op: 'between', args: [p('x'), 1, 2] }),
    );
    expect(parseCql2Text('x NOT IN (1, 2)')).toEqual(not({ op: 'in', args: [p('x'), [1, 2]] }));
    expect(parseCql2Text('x IS NOT NULL')).toEqual(not({ op: 'isNull', args: [p('x')] }));
  });

  it('takes the AND of BETWEEN as part of the predicate', () => {
    expect(parseCql2Text('x BETWEEN 1 AND 2 AND y = 3')).toEqual({
      op: 'and',
      args: [{ op: 'between', args: [p('x'), 1, 2] }, eq(p('y'), 3)],
    });
    expect(parseCql2Text('x BETWEEN a - 1 AND b * 2')).toEqual({
      op: 'between',
      args: [p('x'), { op: '-', args: [p('a'), 1] }, { op: '*', args: [p('b'), 2] }],
    });
  });

  it('reads IN lists of mixed values', () => {
    expect(parseCql2Text("x IN ('a', 1, TRUE, DATE('2020-01-01'), y)")).toEqual({
      op: 'in',
      args: [p('x'), ['a', 1, true, { date: '2020-01-01' }, p('y')]],
    });
  });

  it('reads LIKE patterns inside CASEI and ACCENTI', () => {
    expect(parseCql2Text("CASEI(x) LIKE ACCENTI(CASEI('%é%'))")).toEqual({
      op: 'like',
      args: [
        { op: 'casei', args: [p('x')] },
        { op: 'accenti', args: [{ op: 'casei', args: ['%é%'] }] },
      ],
    });
  });
});

describe('arithmetic', () => {
  const x = (value: unknown) => eq(p('x'), value);
  const op = (name: string, left: unknown, right: unknown) => ({ op: name, args: [left, right] });

  it('binds * / % div tighter than + -, and ^ tighter still', () => {
    expect(parseCql2Text('x = 1 + 2 * 3')).toEqual(x(op('+', 1, op('*', 2, 3))));
    expect(parseCql2Text('x = 1 * 2 + 3')).toEqual(x(op('+', op('*', 1, 2), 3)));
    expect(parseCql2Text('x = 2 * 3 ^ 2')).toEqual(x(op('*', 2, op('^', 3, 2))));
    expect(parseCql2Text('x = 10 div 3 % 2')).toEqual(x(op('%', op('div', 10, 3), 2)));
    expect(parseCql2Text('x = (1 + 2) * 3')).toEqual(x(op('*', op('+', 1, 2), 3)));
  });

  it('associates + - * / to the left', () => {
    expect(parseCql2Text('x = 1 - 2 - 3')).toEqual(x(op('-', op('-', 1, 2), 3)));
    expect(parseCql2Text('x = 8 / 2 / 2')).toEqual(x(op('/', op('/', 8, 2), 2)));
  });

  it('binds arithmetic tighter than comparison', () => {
    expect(parseCql2Text('a + 1 > b * 2')).toEqual({
      op: '>',
      args: [op('+', p('a'), 1), op('*', p('b'), 2)],
    });
    expect(parseCql2Text('balance-150.0 > 0')).toEqual({
      op: '>',
      args: [op('-', p('balance'), 150), 0],
    });
  });

  it('reads a minus sign as a negative number, or as -1 * operand', () => {
    expect(parseCql2Text('x = -5')).toEqual(x(-5));
    expect(parseCql2Text('x = - 5')).toEqual(x(-5));
    expect(parseCql2Text('x = +5')).toEqual(x(5));
    expect(parseCql2Text('x = - - 1')).toEqual(x(1));
    expect(parseCql2Text('x = 2 - -1')).toEqual(x(op('-', 2, -1)));
    expect(parseCql2Text('x = -foo')).toEqual(x(op('*', -1, p('foo'))));
    expect(parseCql2Text('x = -(a + b)')).toEqual(x(op('*', -1, op('+', p('a'), p('b')))));
    expect(parseCql2Text('x = -foo ^ 2')).toEqual(x(op('^', op('*', -1, p('foo')), 2)));
    expect(parseCql2Text('x = 2 ^ -1')).toEqual(x(op('^', 2, -1)));
  });
});

describe('literals', () => {
  const value = (text: string) => (parseCql2Text(`x = ${text}`) as { args: unknown[] }).args[1];

  it('reads numbers: signed, decimal, exponent', () => {
    expect(value('42')).toBe(42);
    expect(value('-42.5')).toBe(-42.5);
    expect(value('.5')).toBe(0.5);
    expect(value('5.')).toBe(5);
    expect(value('1e3')).toBe(1000);
    expect(value('1.5E-3')).toBe(0.0015);
    expect(value('2e+2')).toBe(200);
    expect(Object.is(value('-0.0'), -0)).toBe(true);
  });

  it("unescapes '' and \\' in strings, and the control escapes of /req/cql2-text/escaping", () => {
    expect(value("'it''s'")).toBe("it's");
    expect(value("'it\\'s'")).toBe("it's");
    expect(value("''''")).toBe("'");
    expect(value("''")).toBe('');
    expect(value("'tab\\there'")).toBe('tab\there');
    expect(value("'a\\nb\\rc\\fd\\ve\\af\\bg'")).toBe('a\nb\rc\fd\ve\x07f\bg');
  });

  it('keeps other backslash pairs, the escapes of LIKE, as written', () => {
    expect(value("'100\\%'")).toBe('100\\%');
    expect(value("'a\\_b'")).toBe('a\\_b');
    expect(value("'a\\\\'")).toBe('a\\\\');
    expect(value("'C:\\\\temp'")).toBe('C:\\\\temp');
  });

  it('keeps strings verbatim otherwise, across lines and scripts', () => {
    expect(value("'two\nlines'")).toBe('two\nlines');
    expect(value('\'Οδος "x" %_\'')).toBe('Οδος "x" %_');
    expect(value("'Beyonce\u0301'")).toBe('Beyonce\u0301');
  });

  it('reads DATE and TIMESTAMP, keeping the string as written', () => {
    expect(value("DATE('2024-02-29')")).toEqual({ date: '2024-02-29' });
    expect(value("date('2024-02-29')")).toEqual({ date: '2024-02-29' });
    expect(value("TIMESTAMP('2024-01-31T23:59:59.000000Z')")).toEqual({
      timestamp: '2024-01-31T23:59:59.000000Z',
    });
  });
});

describe('property names', () => {
  const left = (text: string) => (parseCql2Text(`${text} = 1`) as { args: unknown[] }).args[0];

  it('reads bare names with colons, dots, digits and non-ASCII letters', () => {
    expect(left('eo:cloud_cover')).toEqual(p('eo:cloud_cover'));
    expect(left('properties.eo:bands.0')).toEqual(p('properties.eo:bands.0'));
    expect(left('_private')).toEqual(p('_private'));
    expect(left(':x')).toEqual(p(':x'));
    expect(left('höhe')).toEqual(p('höhe'));
    expect(left('Οδος')).toEqual(p('Οδος'));
  });

  it('reads double-quoted names, which may be keywords or hold any character', () => {
    expect(left('"date"')).toEqual(p('date'));
    expect(left('"AND"')).toEqual(p('AND'));
    expect(left('"s2:mgrs-tile"')).toEqual(p('s2:mgrs-tile'));
    expect(left('"with space"')).toEqual(p('with space'));
    expect(left('"a""b"')).toEqual(p('a"b'));
  });

  it('keeps INTERVAL, which clause 8.1 does not list as a keyword, usable as a bare name', () => {
    expect(left('interval')).toEqual(p('interval'));
  });
});

describe('functions', () => {
  it('keeps the name of a function as written, with any arguments', () => {
    expect(parseCql2Text("Buffer(geom, 10, 'm') = x")).toEqual(
      eq({ op: 'Buffer', args: [p('geom'), 10, 'm'] }, p('x')),
    );
    expect(parseCql2Text('now() > x')).toEqual({
      op: '>',
      args: [{ op: 'now', args: [] }, p('x')],
    });
    expect(parseCql2Text('f((1, 2), a = 1, [3])')).toEqual({
      op: 'f',
      args: [[1, 2], a1, [3]],
    });
  });

  it('lower-cases CASEI and ACCENTI, and camel-cases standard function names as the schema does', () => {
    expect(parseCql2Text("casei(x) = 'a'")).toEqual(eq({ op: 'casei', args: [p('x')] }, 'a'));
    expect(parseCql2Text("T_FinishedBy(x, DATE('2020-01-01'))")).toEqual({
      op: 't_finishedBy',
      args: [p('x'), { date: '2020-01-01' }],
    });
    expect(parseCql2Text('a_containedby(x, (1))')).toEqual({
      op: 'a_containedBy',
      args: [p('x'), [1]],
    });
  });
});

describe('spatial, temporal and array literals', () => {
  const arg = (text: string) =>
    (parseCql2Text(`S_INTERSECTS(g, ${text})`) as { args: unknown[] }).args[1];

  it('reads both MULTIPOINT spellings', () => {
    const expected = {
      type: 'MultiPoint',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    };
    expect(arg('MULTIPOINT(1 2, 3 4)')).toEqual(expected);
    expect(arg('MULTIPOINT((1 2), (3 4))')).toEqual(expected);
  });

  it('reads Z coordinates, tagged or not', () => {
    expect(arg('POINT Z (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(arg('point z(1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(arg('LINESTRING(1 2 3, 4 5 6)')).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
  });

  it('reads polygons with holes, multi-geometries and collections', () => {
    expect(arg('POLYGON((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))')).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 0],
        ],
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    });
    expect(arg('MULTILINESTRING((1 2, 3 4), (5 6, 7 8))')).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
    });
    expect(arg('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
        [
          [
            [5, 5],
            [6, 5],
            [6, 6],
            [5, 5],
          ],
        ],
      ],
    });
    expect(arg('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(1 2, 3 4))')).toEqual({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'LineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    });
  });

  it('reads BBOX with 4 or 6 numbers', () => {
    expect(arg('BBOX(-180, -90, 180, 90)')).toEqual({ bbox: [-180, -90, 180, 90] });
    expect(arg('bbox(1, 2, -3, 4, 5, 6)')).toEqual({ bbox: [1, 2, -3, 4, 5, 6] });
  });

  it('reads INTERVAL with open ends, properties, functions, and DATE(...) reduced to its string', () => {
    const interval = (text: string) =>
      (parseCql2Text(`T_DURING(x, ${text})`) as { args: unknown[] }).args[1];
    expect(interval("INTERVAL('..', '2020-01-01')")).toEqual({ interval: ['..', '2020-01-01'] });
    expect(interval('INTERVAL(start_datetime, now())')).toEqual({
      interval: [p('start_datetime'), { op: 'now', args: [] }],
    });
    expect(interval("INTERVAL(DATE('2020-01-01'), TIMESTAMP('2020-01-02T00:00:00Z'))")).toEqual({
      interval: ['2020-01-01', '2020-01-02T00:00:00Z'],
    });
  });

  it('reads array literals in parentheses or brackets, nested or empty', () => {
    const array = (text: string) =>
      (parseCql2Text(`A_CONTAINS(x, ${text})`) as { args: unknown[] }).args[1];
    expect(array("('a', 'b')")).toEqual(['a', 'b']);
    expect(array("('a')")).toEqual(['a']);
    expect(array('()')).toEqual([]);
    expect(array('[1, [2, 3]]')).toEqual([1, [2, 3]]);
    expect(array('((1, 2), (3))')).toEqual([[1, 2], [3]]);
  });
});

describe('syntax errors', () => {
  it('are Cql2SyntaxErrors with a position, a line, a column and a reason', () => {
    const error = expectError(
      "city = 'Toronto' AND x =",
      1,
      25,
      /expected a value after '=' but found end of input/,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Cql2SyntaxError');
    expect(error.position).toBe(24);
    expect(error.reason).toBe("expected a value after '=' but found end of input");
  });

  it('quote the line with a caret under the error', () => {
    const error = syntaxError('eo:cloud_cover =');
    expect(error.message).toBe(
      [
        "CQL2 syntax error at line 1, column 17: expected a value after '=' but found end of input",
        '  eo:cloud_cover =',
        '                  ^',
      ].join('\n'),
    );
  });

  it('count lines and columns in multi-line filters', () => {
    const error = expectError(
      "a = 1\r\nAND b = 'x'\n  AND c @ 3",
      3,
      9,
      /unexpected character '@'/,
    );
    expect(error.message.split('\n').slice(1)).toEqual(['    AND c @ 3', '          ^']);
  });

  it('cut long lines to a window around the error', () => {
    const long = `${'a = 1 AND '.repeat(20)}b = `;
    const error = expectError(long, 1, long.length, /expected a value after '='/);
    const [, excerpt = '', caret = ''] = error.message.split('\n');
    expect(excerpt.startsWith('  ...')).toBe(true);
    expect(excerpt.length).toBeLessThan(100);
    expect(excerpt.slice(0, caret.indexOf('^'))).toMatch(/ b =$/);
  });

  it('report an unterminated string at its opening quote', () => {
    expectError("city = 'Toronto", 1, 8, /unterminated string.*write it twice: ''/);
    expectError(
      "name = 'it's'",
      1,
      12,
      /found name s \(if the string before it holds a quote, write that quote twice: ''\)/,
    );
    expectError('"eo:cloud_cover < 1', 1, 1, /unterminated property name/);
  });

  it('name unknown operators and say what CQL2 uses instead', () => {
    expectError('x != 1', 1, 3, /unknown operator '!='.*<>/);
    expectError('x == 1', 1, 3, /unknown operator '=='.*single =/);
    expectError('a = 1 && b = 2', 1, 7, /unknown operator '&&'.*AND/);
    expectError('a = 1 || b = 2', 1, 7, /unknown operator '\|\|'.*OR/);
    expectError('x = 1;', 1, 6, /unexpected character ';'/);
    expectError('x = ‘a’', 1, 5, /unexpected character '‘'.*plain '/);
  });

  it('report a missing operand and what came instead', () => {
    expectError('eo:cloud_cover =', 1, 17, /expected a value after '=' but found end of input/);
    expectError('a = 1 AND', 1, 10, /expected a value after AND but found end of input/);
    expectError('a = 1 OR OR b = 2', 1, 10, /expected a value after OR but found keyword OR/);
    expectError('x = * 2', 1, 5, /expected a value after '=' but found '\*'/);
    expectError(
      'x BETWEEN 1 OR 2',
      1,
      13,
      /expected AND after the lower bound of BETWEEN 1 but found keyword OR/,
    );
    expectError(
      'x IN',
      1,
      5,
      /expected '\(' after IN, to start the list of values but found end of input/,
    );
    expectError('x IS 5', 1, 6, /expected NULL after IS but found number 5/);
  });

  it('report unbalanced parentheses', () => {
    expectError(
      '(a = 1 AND b = 2',
      1,
      17,
      /expected '\)' to close the '\(' at line 1, column 1 but found end of input/,
    );
    expectError('a = 1)', 1, 6, /unbalanced '\)': there is no '\(' for it to close/);
    expectError(
      'S_INTERSECTS(g, POINT(1 2)',
      1,
      27,
      /expected ',' or '\)' after the second argument of S_INTERSECTS/,
    );
    expectError(
      'x IN (1, 2',
      1,
      11,
      /expected ',' or '\)' in the list after IN opened at line 1, column 6/,
    );
  });

  it('report malformed WKT', () => {
    expectError(
      'S_INTERSECTS(g, POLYGON((0 0, 1 0, 1 1)))',
      1,
      25,
      /ring in POLYGON needs at least four coordinates.*has 3/,
    );
    expectError(
      'S_INTERSECTS(g, POLYGON((0 0, 1 0, 1 1, 0 2)))',
      1,
      25,
      /not closed.*\(0 0\).*\(0 2\)/,
    );
    expectError('S_INTERSECTS(g, POINT(1))', 1, 23, /at least two numbers \(x y\)/);
    expectError(
      'S_INTERSECTS(g, POINT(1 2 3 4))',
      1,
      23,
      /two numbers \(x y\) or three \(x y z\).*has 4/,
    );
    expectError('S_INTERSECTS(g, POINT(1 2, 3 4))', 1, 26, /exactly one coordinate.*MULTIPOINT/);
    expectError('S_INTERSECTS(g, POINT Z (1 2))', 1, 26, /POINT Z needs three numbers/);
    expectError('S_INTERSECTS(g, LINESTRING(1 2, 3 4 5))', 1, 33, /cannot mix 2D and 3D/);
    expectError('S_INTERSECTS(g, LINESTRING(1 2))', 1, 27, /at least two coordinates/);
    expectError('S_INTERSECTS(g, POINT ZM (1 2 3 4))', 1, 23, /no M \(measure\)/);
    expectError('S_INTERSECTS(g, POINT EMPTY)', 1, 23, /no empty geometries/);
    expectError(
      'S_INTERSECTS(g, POINT(1 a))',
      1,
      23,
      /at least two numbers \(x y\), but this one in POINT has one/,
    );
    expectError(
      'S_INTERSECTS(g, MULTIPOINT((1 2), 3 4))',
      1,
      35,
      /all in parentheses.*or all without/,
    );
    expectError(
      'S_INTERSECTS(g, GEOMETRYCOLLECTION(POINT(1 2), GEOMETRYCOLLECTION(POINT(1 2))))',
      1,
      48,
      /cannot contain another GEOMETRYCOLLECTION/,
    );
    expectError('S_INTERSECTS(g, BBOX(1, 2, 3))', 1, 17, /BBOX takes 4 numbers.*or 6.*given 3/);
  });

  it('report malformed dates and timestamps at their string', () => {
    expectError("t > TIMESTAMP('2020-01-01T25:00:00Z')", 1, 15, /hour 25; hours run from 00 to 23/);
    expectError("t > TIMESTAMP('2020-01-01')", 1, 15, /needs a time as well.*DATE\('2020-01-01'\)/);
    expectError(
      "t > TIMESTAMP('2020-01-01T00:00:00+02:00')",
      1,
      15,
      /must be in UTC and end with Z/,
    );
    expectError("t > TIMESTAMP('2020-01-01 00:00:00Z')", 1, 15, /upper-case T/);
    expectError("t > TIMESTAMP('2020-01-01T00:00Z')", 1, 15, /must give the seconds/);
    expectError("t > DATE('2021-02-29')", 1, 10, /day 29, but 2021-02 has days 01 to 28/);
    expectError("t > DATE('2021-13-01')", 1, 10, /month 13; months run from 01 to 12/);
    expectError(
      "t > DATE('2021-01-01T00:00:00Z')",
      1,
      10,
      /DATE takes a date without a time.*TIMESTAMP/,
    );
    expectError("t > DATE('yesterday')", 1, 10, /not a date of the form YYYY-MM-DD/);
    expectError('t > DATE(2021)', 1, 10, /expected a quoted date/);
    expectError(
      "T_DURING(t, INTERVAL('2020-01-01', 'later'))",
      1,
      36,
      /'later' is not a date.*or '\.\.'/,
    );
  });

  it('report trailing garbage after a complete filter', () => {
    expectError('a = 1 foo', 1, 7, /expected AND, OR or the end of the filter but found name foo/);
    expectError(
      "city 'Toronto'",
      1,
      6,
      /expected an operator such as =.*after the property city but found string 'Toronto'/,
    );
    expectError(
      'a = b = c',
      1,
      7,
      /'=' cannot follow the condition a = b: conditions do not chain/,
    );
    expectError('x = 1 IS NULL', 1, 7, /keyword IS cannot follow the condition x = 1/);
  });

  it('report empty input', () => {
    expectError('', 1, 1, /the filter is empty/);
    expectError('  \n\t ', 1, 1, /the filter is empty/);
  });

  it('report malformed numbers', () => {
    expectError('x = 1.2.3', 1, 5, /malformed number '1\.2\.3'/);
    expectError('x = 1e', 1, 5, /malformed number '1e': the exponent has no digits/);
    expectError('x = 12abc', 1, 5, /malformed number '12abc'/);
  });

  it('report values where the standard does not allow them', () => {
    expectError(
      'a AND b = 1',
      1,
      1,
      /expected a condition before AND but found the property a.*write a = TRUE/,
    );
    expectError(
      'eo:cloud_cover',
      1,
      1,
      /expected a condition as the filter but found the property eo:cloud_cover/,
    );
    expectError('x = NULL', 1, 5, /NULL is not a value.*IS NULL/);
    expectError(
      "x = 'a' + 1",
      1,
      5,
      /expected a number, property or function before '\+' but found the string 'a'/,
    );
    expectError(
      'S_INTERSECTS(geom, 5)',
      1,
      20,
      /expected a geometry .* as the second argument of S_INTERSECTS but found the number 5/,
    );
    expectError(
      "T_AFTER(t, 'x')",
      1,
      12,
      /expected a DATE, TIMESTAMP, INTERVAL, property or function/,
    );
    expectError('A_CONTAINS(x, 5)', 1, 15, /expected an array/);
    expectError('x LIKE 5', 1, 8, /expected a pattern after LIKE/);
    expectError("x BETWEEN DATE('2020-01-01') AND 5", 1, 11, /BETWEEN compares numbers.*T_DURING/);
    expectError('S_INTERSECTS(a, b, c)', 1, 20, /takes exactly two arguments/);
    expectError(
      "CASEI(a, 'b') = 'c'",
      1,
      8,
      /expected '\)' after the argument of CASEI \(it takes exactly one\)/,
    );
    expectError('x = 2 ^ 3 ^ 4', 1, 11, /'\^' cannot be chained/);
    expectError('x IN ()', 1, 6, /the list after IN is empty/);
    expectError(
      '(x = 1) = TRUE',
      1,
      1,
      /expected a value .* before '=' but found the condition \(x = 1\)/,
    );
    expectError('isNull(x)', 1, 1, /write x IS NULL/);
  });

  it('ask for double quotes around properties named like keywords', () => {
    expectError('date = 1', 1, 1, /DATE is a CQL2 keyword.*double quotes: "date"/);
    expectError('x = point', 1, 5, /POINT is a CQL2 keyword/);
  });

  it('stop deep nesting with a syntax error, not a stack overflow', () => {
    expectError(`${'('.repeat(5000)}a = 1${')'.repeat(5000)}`, 1, 101, /nested too deeply/);
    expectError(`${'NOT '.repeat(5000)}a = 1`, 1, 405, /nested too deeply/);
    expect(parseCql2Text(`${'('.repeat(50)}a = 1${')'.repeat(50)}`)).toEqual(a1);
  });
});
