import { isDigit, isIdentifierPart, isIdentifierStart, isWhitespace } from './characters.js';
import { Cql2SyntaxError } from './errors.js';
import type { SymbolText, Token } from './tokens.js';

/**
 * Escapes after a backslash in a character literal (OGC 21-065r2 /req/cql2-text/escaping):
 * `\'` is a quote (part B), the others are control characters (part C).
 */
const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = {
  "'": "'",
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
};

const SINGLE_SYMBOLS: ReadonlySet<string> = new Set([
  '(',
  ')',
  '[',
  ']',
  ',',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
]);

/** Operators from other languages, with what CQL2 writes instead. */
const FOREIGN_OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['!=', "unknown operator '!=': CQL2 writes 'not equal' as <>"],
  ['==', "unknown operator '==': CQL2 tests equality with a single ="],
  ['&&', "unknown operator '&&': CQL2 writes it as AND"],
  ['||', "unknown operator '||': CQL2 writes it as OR"],
  ['!', "unknown operator '!': CQL2 writes it as NOT"],
  ['&', "unknown operator '&': CQL2 writes it as AND"],
  ['|', "unknown operator '|': CQL2 writes it as OR"],
];

const TYPOGRAPHIC_QUOTES = /^[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00b4\u0060]$/;

/**
 * Splits CQL2-text into tokens on demand, so that the first error in the text is the one
 * reported, whether the lexer or the parser finds it.
 */
export class Lexer {
  private pos = 0;
  /** End of the last token, where "end of input" is reported: after it, not after blanks. */
  private lastEnd = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    this.skipWhitespace();
    const start = this.pos;
    if (start >= this.text.length) {
      return { kind: 'end', start: this.lastEnd, end: this.lastEnd, raw: '' };
    }
    const token = this.scan(start);
    this.lastEnd = token.end;
    return token;
  }

  private fail(position: number, reason: string): never {
    throw new Cql2SyntaxError(this.text, position, reason);
  }

  private codePointAt(index: number): number {
    return this.text.codePointAt(index) ?? -1;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const cp = this.codePointAt(this.pos);
      if (!isWhitespace(cp)) return;
      this.pos += cp > 0xffff ? 2 : 1;
    }
  }

  private scan(start: number): Token {
    const ch = this.text[start] as string;
    const cp = this.codePointAt(start);
    if (ch === "'") return this.scanString(start);
    if (ch === '"') return this.scanQuotedIdentifier(start);
    if (isDigit(cp) || (ch === '.' && isDigit(this.codePointAt(start + 1)))) {
      return this.scanNumber(start);
    }
    if (isIdentifierStart(cp)) return this.scanIdentifier(start);
    return this.scanSymbol(start, ch, cp);
  }

  /**
   * BNF rule `characterLiteral`. A quote is written `''` or `\'`; `\a \b \t \n \v \f \r` are
   * control characters. Any other backslash pair is kept as written, both characters, because
   * the backslash is also LIKE's escape character (/req/advanced-comparison-operators/
   * like-predicate K): `'100\%'` must reach LIKE as `100\%`, and `'a\\'` as `a\\`.
   */
  private scanString(start: number): Token {
    let value = '';
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) {
        this.fail(
          start,
          "unterminated string: this ' is never closed (to put a quote inside a string, write it twice: '')",
        );
      }
      const ch = this.text[i] as string;
      if (ch === "'") {
        if (this.text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        i += 1;
        break;
      }
      if (ch === '\\' && i + 1 < this.text.length) {
        const next = this.text[i + 1] as string;
        value += BACKSLASH_ESCAPES[next] ?? `\\${next}`;
        i += 2;
        continue;
      }
      value += ch;
      i += 1;
    }
    this.pos = i;
    return { kind: 'string', value, start, end: i, raw: this.text.slice(start, i) };
  }

  /**
   * BNF rule `propertyName`, quoted form. The BNF puts an `identifier` between the quotes; we
   * accept any non-empty name (and `""` for a quote inside), because quoting is the way to
   * reach queryables whose names are keywords or hold characters such as '-'.
   */
  private scanQuotedIdentifier(start: number): Token {
    let name = '';
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) {
        this.fail(start, 'unterminated property name: this " is never closed');
      }
      const ch = this.text[i] as string;
      if (ch === '"') {
        if (this.text[i + 1] === '"') {
          name += '"';
          i += 2;
          continue;
        }
        i += 1;
        break;
      }
      name += ch;
      i += 1;
    }
    if (name === '') this.fail(start, 'empty property name ""');
    this.pos = i;
    return { kind: 'quotedIdentifier', name, start, end: i, raw: this.text.slice(start, i) };
  }

  /**
   * BNF rules `unsignedNumericLiteral`: `12`, `12.`, `12.5`, `.5`, each with an optional
   * exponent `E[+|-]digits`. A sign is never part of the token: in `balance-150.0` the '-' is
   * subtraction (clause6_02c), so signs are left to the parser.
   */
  private scanNumber(start: number): Token {
    let i = start;
    const digits = () => {
      while (isDigit(this.codePointAt(i))) i += 1;
    };
    digits();
    if (this.text[i] === '.') {
      i += 1;
      digits();
    }
    if (this.text[i] === 'e' || this.text[i] === 'E') {
      let j = i + 1;
      if (this.text[j] === '+' || this.text[j] === '-') j += 1;
      if (!isDigit(this.codePointAt(j))) {
        this.fail(
          start,
          `malformed number '${this.text.slice(start, j)}': the exponent has no digits`,
        );
      }
      i = j;
      digits();
    }
    const after = this.codePointAt(i);
    if (after !== -1 && isIdentifierPart(after)) {
      let end = i;
      while (end < this.text.length && isIdentifierPart(this.codePointAt(end))) end += 1;
      this.fail(start, `malformed number '${this.text.slice(start, end)}'`);
    }
    this.pos = i;
    const raw = this.text.slice(start, i);
    return { kind: 'number', value: Number(raw), start, end: i, raw };
  }

  private scanIdentifier(start: number): Token {
    let i = start;
    while (i < this.text.length) {
      const cp = this.codePointAt(i);
      if (!isIdentifierPart(cp)) break;
      i += cp > 0xffff ? 2 : 1;
    }
    this.pos = i;
    const name = this.text.slice(start, i);
    return { kind: 'identifier', name, upper: name.toUpperCase(), start, end: i, raw: name };
  }

  private scanSymbol(start: number, ch: string, cp: number): Token {
    const two = this.text.slice(start, start + 2);
    for (const [op, reason] of FOREIGN_OPERATORS) {
      if (this.text.startsWith(op, start)) this.fail(start, reason);
    }
    let symbol: SymbolText | undefined;
    if (two === '<>' || two === '<=' || two === '>=') symbol = two;
    else if (ch === '<' || ch === '>') symbol = ch;
    else if (SINGLE_SYMBOLS.has(ch)) symbol = ch as SymbolText;
    if (symbol === undefined) {
      const shown = String.fromCodePoint(cp);
      if (TYPOGRAPHIC_QUOTES.test(shown)) {
        this.fail(
          start,
          `unexpected character '${shown}': strings are quoted with the plain ' and property names with the plain "`,
        );
      }
      this.fail(start, `unexpected character '${shown}'`);
    }
    this.pos = start + symbol.length;
    return { kind: 'symbol', symbol, start, end: this.pos, raw: symbol };
  }
}
