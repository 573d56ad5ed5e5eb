import { Cql2SyntaxError, locate } from './errors.js';
import { Lexer } from './lexer.js';
import { describeToken, type SymbolText, type Token } from './tokens.js';

/**
 * The parser's view of the text: tokens with lookahead, and the one way to report an error, so
 * every error carries the text's line and column.
 */
export class TokenStream {
  private readonly lexer: Lexer;
  private readonly lookahead: Token[] = [];
  /** Offset just past the last token consumed: where the construct just parsed ends. */
  previousEnd = 0;
  private previous: Token | undefined;

  constructor(readonly text: string) {
    this.lexer = new Lexer(text);
  }

  peek(offset = 0): Token {
    while (this.lookahead.length <= offset) this.lookahead.push(this.lexer.next());
    return this.lookahead[offset] as Token;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead.shift();
    this.previousEnd = token.end;
    this.previous = token;
    return token;
  }

  fail(position: number, reason: string): never {
    throw new Cql2SyntaxError(this.text, position, reason);
  }

  /** "line 3, column 7", to point from one error at another place in the text. */
  where(position: number): string {
    const { line, column } = locate(this.text, position);
    return `line ${line}, column ${column}`;
  }

  isSymbol(symbol: SymbolText, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.symbol === symbol;
  }

  /** True if the token is the bare name `keyword`, in any letter case. */
  isKeyword(keyword: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && token.upper === keyword;
  }

  /** Consumes `symbol`, or fails with "expected '<symbol>' <context> but found ...". */
  expectSymbol(symbol: SymbolText, context: string): Token {
    if (!this.isSymbol(symbol)) this.unexpected(`'${symbol}' ${context}`);
    return this.next();
  }

  expectKeyword(keyword: string, context: string): Token {
    if (!this.isKeyword(keyword)) this.unexpected(`${keyword} ${context}`);
    return this.next();
  }

  /** Fails at the next token with "expected <expected> but found <next token>". */
  unexpected(expected: string): never {
    const token = this.peek();
    this.fail(token.start, `expected ${expected} but found ${this.found(token)}`);
  }

  /**
   * "found <token>", with a hint when the token is glued to the end of a string: in
   * `'it's'` the string is 'it' and the stray `s'` is most likely a quote that needed doubling.
   */
  found(token: Token): string {
    const glued = this.previous?.kind === 'string' && this.previous.end === token.start;
    const hint = glued
      ? " (if the string before it holds a quote, write that quote twice: '')"
      : '';
    return `${describeToken(token)}${hint}`;
  }
}
