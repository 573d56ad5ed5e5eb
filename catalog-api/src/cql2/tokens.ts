/**
 * The tokens of CQL2-text. Keywords are not a token kind of their own: the BNF's keywords are
 * case-insensitive names (OGC 21-065r2 clause 8.1), so the lexer hands out identifiers and the
 * parser decides from context whether `DATE` is a keyword or part of `DATE(...)`.
 */

/** Punctuation and operators (BNF rules `comparisonOperator`, `arithmeticExpression`, ...). */
export type SymbolText =
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '='
  | '<>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^';

interface TokenBase {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
  /** The token as written. */
  raw: string;
}

/** A bare name (BNF rule `identifier`): a property, a function or a keyword. */
export interface IdentifierToken extends TokenBase {
  kind: 'identifier';
  name: string;
  /** The name in upper case, for case-insensitive keyword matching. */
  upper: string;
}

/** A "double-quoted" property name, which is never a keyword. */
export interface QuotedIdentifierToken extends TokenBase {
  kind: 'quotedIdentifier';
  name: string;
}

/** A 'single-quoted' character literal, escapes resolved. */
export interface StringToken extends TokenBase {
  kind: 'string';
  value: string;
}

/** An unsigned numeric literal; signs are operators, handled by the parser. */
export interface NumberToken extends TokenBase {
  kind: 'number';
  value: number;
}

export interface SymbolToken extends TokenBase {
  kind: 'symbol';
  symbol: SymbolText;
}

export interface EndToken extends TokenBase {
  kind: 'end';
}

export type Token =
  | IdentifierToken
  | QuotedIdentifierToken
  | StringToken
  | NumberToken
  | SymbolToken
  | EndToken;

/** Keywords that are operators or literals and so can never be a bare property name. */
export const OPERATOR_KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'BETWEEN',
  'IN',
  'IS',
  'NULL',
  'DIV',
  'TRUE',
  'FALSE',
]);

const MAX_SHOWN = 30;

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

/** How a token is named in error messages: "found <description>". */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'identifier':
      return OPERATOR_KEYWORDS.has(token.upper) ? `keyword ${token.upper}` : `name ${token.raw}`;
    case 'quotedIdentifier':
      return `property ${clip(token.raw)}`;
    case 'string':
      return `string ${clip(token.raw)}`;
    case 'number':
      return `number ${token.raw}`;
    case 'symbol':
      return `'${token.symbol}'`;
  }
}
