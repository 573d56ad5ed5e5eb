import { parseBbox, parseGeometry } from './geometry.js';
import {
  ARRAY_FUNCTIONS,
  CALL_KEYWORDS,
  GEOMETRY_KEYWORDS,
  SPATIAL_FUNCTIONS,
  TEMPORAL_FUNCTIONS,
} from './keywords.js';
import { checkDate, checkIntervalBound, checkTimestamp } from './temporal.js';
import { TokenStream } from './token-stream.js';
import {
  describeToken,
  type IdentifierToken,
  OPERATOR_KEYWORDS,
  type SymbolText,
} from './tokens.js';
import type {
  ArithmeticExpression,
  ArithmeticOperator,
  ArrayFunctionName,
  CharacterOperand,
  ComparisonOperator,
  Cql2Argument,
  Cql2Expression,
  FunctionRef,
  InstantInstance,
  IntervalParameter,
  IsNullOperand,
  NumericOperand,
  PatternExpression,
  ScalarExpression,
  SpatialFunctionName,
  TemporalFunctionName,
} from './types.js';

/**
 * A recursive-descent parser for CQL2-text (OGC 21-065r2 Annex A) producing CQL2-JSON.
 *
 * Precedence, loosest first, follows the BNF of the final standard:
 *   OR  <  AND  <  NOT  <  predicates (=, <>, <, >, <=, >=, [NOT] LIKE, [NOT] BETWEEN,
 *   [NOT] IN, IS [NOT] NULL; not chainable)  <  + -  <  * / % div  <  ^  <  unary -  <  primary
 * (rules booleanExpression, booleanTerm, booleanFactor, arithmeticExpression, arithmeticTerm,
 * powerTerm, arithmeticFactor).
 *
 * One expression grammar serves Boolean and scalar contexts alike: a '(' cannot tell
 * `(a = 1 OR b = 2)` from `(a + 1)` before its contents are read. Each parsed piece therefore
 * carries a syntactic kind, and every place the BNF restricts what may stand there checks the
 * kind, so that `'a' + 1` or `S_INTERSECTS(geom, 5)` fail here, with a message, instead of in
 * the database.
 */

/** The syntactic category of a parsed piece, as far as the text alone tells. */
type Kind =
  | 'condition'
  | 'boolean'
  | 'number'
  | 'arithmetic'
  | 'string'
  | 'characterClause'
  | 'property'
  | 'function'
  | 'instant'
  | 'interval'
  | 'geometry'
  | 'bbox'
  | 'array';

interface Node {
  json: Cql2Argument;
  kind: Kind;
  /** Source span, for error messages. */
  start: number;
  end: number;
}

/** What may stand at a place in the BNF: the kinds allowed, and how to say so in a message. */
interface Slot {
  kinds: ReadonlySet<Kind>;
  expected: string;
}

const slot = (expected: string, ...kinds: Kind[]): Slot => ({ kinds: new Set(kinds), expected });

/** BNF rule `booleanPrimary`: a predicate, a Boolean literal or a (Boolean) function. */
const CONDITION = slot('a condition', 'condition', 'boolean', 'function');
/** BNF rule `scalarExpression`: the operands of comparisons and IN. */
const SCALAR = slot(
  'a value (a string, number, Boolean, DATE, TIMESTAMP, property or function)',
  'string',
  'characterClause',
  'number',
  'arithmetic',
  'boolean',
  'instant',
  'property',
  'function',
);
/** BNF rules `numericExpression` and `arithmeticOperand`. */
const NUMERIC = slot(
  'a number, property or function',
  'number',
  'arithmetic',
  'property',
  'function',
);
/** BNF rule `characterExpression`. */
const CHARACTER = slot(
  'a string, property or function',
  'string',
  'characterClause',
  'property',
  'function',
);
/** BNF rule `geomExpression`. */
const GEOMETRY = slot(
  'a geometry (WKT such as POINT(1 2), or BBOX(...)), property or function',
  'geometry',
  'bbox',
  'property',
  'function',
);
/** BNF rule `temporalExpression`. */
const TEMPORAL = slot(
  'a DATE, TIMESTAMP, INTERVAL, property or function',
  'instant',
  'interval',
  'property',
  'function',
);
/** BNF rule `arrayOperand`. */
const ARRAY = slot(
  "an array such as ('a', 'b'), property or function",
  'array',
  'property',
  'function',
);
/** BNF rule `isNullOperand`: anything but an array. */
const IS_NULL_OPERAND = slot(
  'a value',
  'condition',
  'boolean',
  'number',
  'arithmetic',
  'string',
  'characterClause',
  'property',
  'function',
  'instant',
  'interval',
  'geometry',
  'bbox',
);
/** BNF rule `instantParameter`, besides the quoted strings handled on their own. */
const INTERVAL_BOUND = slot(
  "a date or timestamp string, '..' for an open end, a property or a function",
  'property',
  'function',
);

const KIND_LABEL: Readonly<Record<Kind, string>> = {
  condition: 'the condition',
  boolean: 'the Boolean',
  number: 'the number',
  arithmetic: 'the arithmetic expression',
  string: 'the string',
  characterClause: '',
  property: 'the property',
  function: 'the function call',
  instant: 'the instant',
  interval: 'the interval',
  geometry: 'the geometry',
  bbox: 'the bounding box',
  array: 'the array',
};

const COMPARISON_SYMBOLS: ReadonlySet<SymbolText> = new Set(['=', '<>', '<', '>', '<=', '>=']);

/**
 * Op names of the CQL2-JSON schema, which `functionRef` may not use: a function written
 * `isNull(x)` would otherwise turn into the IS NULL predicate.
 */
const RESERVED_OPS: ReadonlySet<string> = new Set(['isNull']);

/** Deeper nesting than any real filter needs; the limit keeps hostile input off the stack. */
const MAX_DEPTH = 100;

const ORDINALS = ['first', 'second', 'third'];
const ordinal = (i: number) => ORDINALS[i] ?? `#${i + 1}`;

export function parseFilter(text: string): Cql2Expression {
  return new Parser(text).parseFilter();
}

class Parser {
  private readonly ts: TokenStream;
  private depth = 0;

  constructor(private readonly text: string) {
    this.ts = new TokenStream(text);
  }

  parseFilter(): Cql2Expression {
    if (this.ts.peek().kind === 'end') {
      this.ts.fail(0, 'the filter is empty: expected a condition such as eo:cloud_cover < 10');
    }
    const node = this.parseOr('at the start of the filter');
    const after = this.ts.peek();
    if (after.kind !== 'end') {
      if (after.kind === 'symbol' && after.symbol === ')') {
        this.ts.fail(after.start, "unbalanced ')': there is no '(' for it to close");
      }
      if (!CONDITION.kinds.has(node.kind)) {
        this.ts.fail(
          after.start,
          `expected an operator such as =, <>, <, >, LIKE, BETWEEN, IN or IS NULL after ${this.describe(node)} but found ${this.ts.found(after)}`,
        );
      }
      this.failAfter(node, 'AND, OR or the end of the filter');
    }
    this.require(node, CONDITION, 'as the filter');
    return node.json as Cql2Expression;
  }

  /** Fails at the token after `node`, which should have been `expected`. */
  private failAfter(node: Node, expected: string): never {
    const token = this.ts.peek();
    const predicateOperator =
      (token.kind === 'symbol' && COMPARISON_SYMBOLS.has(token.symbol)) ||
      (token.kind === 'identifier' && ['LIKE', 'BETWEEN', 'IN', 'IS', 'NOT'].includes(token.upper));
    if (node.kind === 'condition' && predicateOperator) {
      this.ts.fail(
        token.start,
        `${describeToken(token)} cannot follow the condition ${this.source(node)}: conditions do not chain; combine them with AND or OR, and group with parentheses`,
      );
    }
    this.ts.fail(token.start, `expected ${expected} but found ${this.ts.found(token)}`);
  }

  private source(node: Node): string {
    const text = this.text.slice(node.start, node.end).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 40)}...` : text;
  }

  private describe(node: Node): string {
    return `${KIND_LABEL[node.kind]} ${this.source(node)}`.trim();
  }

  /** Checks that `node` may stand where the BNF puts `slot`. */
  private require(node: Node, slot: Slot, where: string, hint = ''): void {
    if (slot.kinds.has(node.kind)) return;
    let extra = hint;
    if (slot === CONDITION && node.kind === 'property') {
      extra = `; a property is not a condition by itself: to test a Boolean property write ${this.source(node)} = TRUE`;
    }
    this.ts.fail(
      node.start,
      `expected ${slot.expected} ${where} but found ${this.describe(node)}${extra}`,
    );
  }

  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_DEPTH) {
      this.ts.fail(
        this.ts.peek().start,
        `the filter is nested too deeply (more than ${MAX_DEPTH} levels of parentheses, calls, NOT or '-')`,
      );
    }
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private node(json: Cql2Argument, kind: Kind, start: number): Node {
    return { json, kind, start, end: this.ts.previousEnd };
  }

  // Boolean operators: BNF rules booleanExpression, booleanTerm, booleanFactor.

  private parseOr(context: string): Node {
    const first = this.parseAnd(context);
    if (!this.ts.isKeyword('OR')) return first;
    return this.parseLogical('or', first, () => this.parseAnd('after OR'));
  }

  private parseAnd(context: string): Node {
    const first = this.parseNot(context);
    if (!this.ts.isKeyword('AND')) return first;
    return this.parseLogical('and', first, () => this.parseNot('after AND'));
  }

  /**
   * AND and OR are n-ary in CQL2-JSON: the standard writes `a AND b AND c` as one "and" with
   * three args (example04, example06b). Since both are associative, operands that are
   * themselves the same operator are merged into one list even when parenthesised, as the
   * reference implementation (cql2-rs) does too; a different operator stays nested
   * (example16, example17).
   */
  private parseLogical(op: 'and' | 'or', first: Node, operand: () => Node): Node {
    const keyword = op.toUpperCase();
    this.require(first, CONDITION, `before ${keyword}`);
    const args: Cql2Expression[] = [];
    const add = (node: Node) => {
      const json = node.json as Cql2Expression;
      if (node.kind === 'condition' && typeof json === 'object' && json.op === op) {
        args.push(...(json.args as Cql2Expression[]));
      } else {
        args.push(json);
      }
    };
    add(first);
    while (this.ts.isKeyword(keyword)) {
      this.ts.next();
      const next = operand();
      this.require(next, CONDITION, `after ${keyword}`);
      add(next);
    }
    return this.node({ op, args }, 'condition', first.start);
  }

  /** BNF rule `booleanFactor`: NOT binds tighter than AND, looser than any predicate. */
  private parseNot(context: string): Node {
    if (!this.ts.isKeyword('NOT')) return this.parsePredicate(context);
    const not = this.ts.next();
    const operand = this.nested(() => this.parseNot('after NOT'));
    this.require(operand, CONDITION, 'after NOT');
    return this.node({ op: 'not', args: [operand.json as Cql2Expression] }, 'condition', not.start);
  }

  // Predicates: BNF rule comparisonPredicate and its alternatives.

  private parsePredicate(context: string): Node {
    const left = this.parseAdditive(context);
    const token = this.ts.peek();
    if (token.kind === 'symbol' && COMPARISON_SYMBOLS.has(token.symbol)) {
      return this.parseComparison(left);
    }
    if (token.kind !== 'identifier') return left;
    let negated = false;
    if (token.upper === 'NOT') {
      if (!['LIKE', 'BETWEEN', 'IN'].some((keyword) => this.ts.isKeyword(keyword, 1))) {
        this.ts.next();
        this.ts.unexpected(`LIKE, BETWEEN or IN after ${this.source(left)} NOT`);
      }
      this.ts.next();
      negated = true;
    }
    const keyword = this.ts.peek();
    let predicate: Node;
    switch (keyword.kind === 'identifier' ? keyword.upper : '') {
      case 'LIKE':
        predicate = this.parseLike(left);
        break;
      case 'BETWEEN':
        predicate = this.parseBetween(left);
        break;
      case 'IN':
        predicate = this.parseIn(left);
        break;
      case 'IS':
        return this.parseIsNull(left);
      default:
        return left;
    }
    return negated ? this.negate(predicate) : predicate;
  }

  /** `a NOT LIKE b` and friends are `not` around the positive predicate in CQL2-JSON. */
  private negate(predicate: Node): Node {
    return this.node(
      { op: 'not', args: [predicate.json as Cql2Expression] },
      'condition',
      predicate.start,
    );
  }

  /** BNF rule `binaryComparisonPredicate`. */
  private parseComparison(left: Node): Node {
    const op = this.ts.next().raw as ComparisonOperator;
    this.require(left, SCALAR, `before '${op}'`);
    const right = this.parseAdditive(`after '${op}'`);
    this.require(right, SCALAR, `after '${op}'`);
    const args: [ScalarExpression, ScalarExpression] = [
      left.json as ScalarExpression,
      right.json as ScalarExpression,
    ];
    return this.node({ op, args }, 'condition', left.start);
  }

  /** BNF rules `isLikePredicate` and `patternExpression`. */
  private parseLike(left: Node): Node {
    this.ts.next();
    this.require(left, CHARACTER, 'before LIKE');
    const pattern = this.parseAdditive('after LIKE');
    if (!isPattern(pattern.json)) {
      this.ts.fail(
        pattern.start,
        `expected a pattern after LIKE (a string such as '%abc%', possibly inside CASEI(...) or ACCENTI(...)) but found ${this.describe(pattern)}`,
      );
    }
    return this.node(
      { op: 'like', args: [left.json as CharacterOperand, pattern.json] },
      'condition',
      left.start,
    );
  }

  /** BNF rule `isBetweenPredicate`: its operands are numeric expressions. */
  private parseBetween(left: Node): Node {
    this.ts.next();
    const hint = (node: Node) =>
      node.kind === 'instant'
        ? '; BETWEEN compares numbers: for a time range write x >= DATE(...) AND x <= DATE(...), or use T_DURING'
        : '';
    this.require(left, NUMERIC, 'before BETWEEN', hint(left));
    const low = this.parseAdditive('after BETWEEN');
    this.require(low, NUMERIC, 'as the lower bound of BETWEEN', hint(low));
    this.ts.expectKeyword('AND', `after the lower bound of BETWEEN ${this.source(low)}`);
    const high = this.parseAdditive('after BETWEEN ... AND');
    this.require(high, NUMERIC, 'as the upper bound of BETWEEN', hint(high));
    const args = [left.json, low.json, high.json] as [
      NumericOperand,
      NumericOperand,
      NumericOperand,
    ];
    return this.node({ op: 'between', args }, 'condition', left.start);
  }

  /** BNF rules `isInListPredicate` and `inList`: one or more scalar expressions. */
  private parseIn(left: Node): Node {
    this.ts.next();
    this.require(left, SCALAR, 'before IN');
    const open = this.ts.expectSymbol('(', 'after IN, to start the list of values');
    if (this.ts.isSymbol(')')) {
      this.ts.fail(
        open.start,
        'the list after IN is empty; give at least one value, e.g. IN (1, 2)',
      );
    }
    const values: ScalarExpression[] = [];
    for (;;) {
      const value = this.parseAdditive('in the list after IN');
      this.require(value, SCALAR, 'in the list after IN');
      values.push(value.json as ScalarExpression);
      if (!this.ts.isSymbol(',')) break;
      this.ts.next();
    }
    if (!this.ts.isSymbol(')')) {
      this.ts.unexpected(`',' or ')' in the list after IN opened at ${this.ts.where(open.start)}`);
    }
    this.ts.next();
    return this.node(
      { op: 'in', args: [left.json as ScalarExpression, values] },
      'condition',
      left.start,
    );
  }

  /** BNF rule `isNullPredicate`: `IS NOT NULL` is `not` around `isNull`. */
  private parseIsNull(left: Node): Node {
    this.ts.next();
    const negated = this.ts.isKeyword('NOT');
    if (negated) this.ts.next();
    this.ts.expectKeyword('NULL', negated ? 'after IS NOT' : 'after IS');
    this.require(left, IS_NULL_OPERAND, 'before IS NULL');
    const isNull = this.node(
      { op: 'isNull', args: [left.json as IsNullOperand] },
      'condition',
      left.start,
    );
    return negated ? this.negate(isNull) : isNull;
  }

  // Arithmetic: BNF rules arithmeticExpression, arithmeticTerm, powerTerm, arithmeticFactor.

  private arithmetic(op: ArithmeticOperator, left: Node, right: Node): Node {
    const json: ArithmeticExpression = {
      op,
      args: [left.json as NumericOperand, right.json as NumericOperand],
    };
    return this.node(json, 'arithmetic', left.start);
  }

  /** `+` and `-` associate to the left: `a - b - c` is `(a - b) - c`. */
  private parseAdditive(context: string): Node {
    let left = this.parseMultiplicative(context);
    while (this.ts.isSymbol('+') || this.ts.isSymbol('-')) {
      const op = this.ts.next().raw as '+' | '-';
      this.require(left, NUMERIC, `before '${op}'`);
      const right = this.parseMultiplicative(`after '${op}'`);
      this.require(right, NUMERIC, `after '${op}'`);
      left = this.arithmetic(op, left, right);
    }
    return left;
  }

  private multiplicativeOperator(): ArithmeticOperator | undefined {
    const token = this.ts.peek();
    if (token.kind === 'symbol' && ['*', '/', '%'].includes(token.symbol)) {
      return token.symbol as ArithmeticOperator;
    }
    return this.ts.isKeyword('DIV') ? 'div' : undefined;
  }

  private parseMultiplicative(context: string): Node {
    let left = this.parsePower(context);
    for (let op = this.multiplicativeOperator(); op; op = this.multiplicativeOperator()) {
      this.ts.next();
      this.require(left, NUMERIC, `before '${op}'`);
      const right = this.parsePower(`after '${op}'`);
      this.require(right, NUMERIC, `after '${op}'`);
      left = this.arithmetic(op, left, right);
    }
    return left;
  }

  /**
   * BNF rule `powerTerm = arithmeticFactor ["^" arithmeticFactor]`: one '^' at most, since
   * `a ^ b ^ c` reads differently to different people; parentheses must say which is meant.
   */
  private parsePower(context: string): Node {
    const base = this.parseUnary(context);
    if (!this.ts.isSymbol('^')) return base;
    this.ts.next();
    this.require(base, NUMERIC, "before '^'");
    const exponent = this.parseUnary("after '^'");
    this.require(exponent, NUMERIC, "after '^'");
    if (this.ts.isSymbol('^')) {
      this.ts.fail(
        this.ts.peek().start,
        "'^' cannot be chained: write (a ^ b) ^ c or a ^ (b ^ c) to say which is meant",
      );
    }
    return this.arithmetic('^', base, exponent);
  }

  /**
   * BNF rule `arithmeticFactor = ["-"] arithmeticOperand`: a minus sign binds tighter than '^'
   * (`-x ^ 2` is `(-x) ^ 2`). On a number it makes a negative literal; on anything else it is
   * written as multiplication by -1, the spelling the standard uses for example85-alt01
   * (`- foo` in text, `-1 * "foo"` in example85), since CQL2-JSON has no negation operator.
   */
  private parseUnary(context: string): Node {
    if (this.ts.isSymbol('-')) {
      const minus = this.ts.next();
      const operand = this.nested(() => this.parseUnary("after '-'"));
      this.require(operand, NUMERIC, "after '-'");
      if (typeof operand.json === 'number') return this.node(-operand.json, 'number', minus.start);
      const json: ArithmeticExpression = { op: '*', args: [-1, operand.json as NumericOperand] };
      return this.node(json, 'arithmetic', minus.start);
    }
    if (this.ts.isSymbol('+')) {
      const plus = this.ts.next();
      const number = this.ts.peek();
      if (number.kind !== 'number') this.ts.unexpected("a number after the sign '+'");
      this.ts.next();
      return this.node(number.value, 'number', plus.start);
    }
    return this.parsePrimary(context);
  }

  // Primaries: literals, property names, calls, parentheses.

  private parsePrimary(context: string): Node {
    const token = this.ts.peek();
    switch (token.kind) {
      case 'number':
        this.ts.next();
        return this.node(token.value, 'number', token.start);
      case 'string':
        this.ts.next();
        return this.node(token.value, 'string', token.start);
      case 'quotedIdentifier':
        this.ts.next();
        return this.node({ property: token.name }, 'property', token.start);
      case 'identifier':
        return this.parseName(token, context);
      case 'symbol':
        if (token.symbol === '(') return this.nested(() => this.parseParenthesised());
        if (token.symbol === '[') return this.nested(() => this.parseArray('[', ']'));
        break;
      case 'end':
        break;
    }
    this.ts.unexpected(`a value ${context}`);
  }

  /**
   * A bare name: a keyword, a property (BNF rule `propertyName`) or a call (rule `function`).
   * Keywords are matched in any letter case (clause 8.1).
   */
  private parseName(token: IdentifierToken, context: string): Node {
    const upper = token.upper;
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.ts.next();
      return this.node(upper === 'TRUE', 'boolean', token.start);
    }
    if (upper === 'NULL') {
      this.ts.fail(
        token.start,
        'NULL is not a value in CQL2; test for a missing value with IS NULL or IS NOT NULL',
      );
    }
    if (OPERATOR_KEYWORDS.has(upper)) this.ts.unexpected(`a value ${context}`);
    const callFollows = this.ts.isSymbol('(', 1);
    const tag = this.ts.peek(1);
    const tagFollows = tag.kind === 'identifier' && ['Z', 'M', 'ZM', 'EMPTY'].includes(tag.upper);
    if (GEOMETRY_KEYWORDS.has(upper) && (callFollows || tagFollows)) {
      return this.node(parseGeometry(this.ts), 'geometry', token.start);
    }
    if (!callFollows) {
      if (CALL_KEYWORDS.has(upper)) {
        this.ts.fail(
          token.start,
          `${upper} is a CQL2 keyword, so '(' must follow it, but found ${describeToken(tag)}; a property named ${token.name} must be written in double quotes: "${token.name}"`,
        );
      }
      this.ts.next();
      return this.node({ property: token.name }, 'property', token.start);
    }
    if (upper === 'CASEI' || upper === 'ACCENTI') return this.parseCaseFold(token);
    if (upper === 'DATE' || upper === 'TIMESTAMP') return this.parseInstant(token);
    if (upper === 'INTERVAL') return this.parseInterval(token);
    if (upper === 'BBOX') return this.node(parseBbox(this.ts), 'bbox', token.start);
    const spatial = SPATIAL_FUNCTIONS.get(upper);
    if (spatial) return this.parseStandardFunction(token, spatial, GEOMETRY, 'geometries');
    const temporal = TEMPORAL_FUNCTIONS.get(upper);
    if (temporal) return this.parseStandardFunction(token, temporal, TEMPORAL, 'temporal values');
    const array = ARRAY_FUNCTIONS.get(upper);
    if (array) return this.parseStandardFunction(token, array, ARRAY, 'arrays');
    return this.parseFunctionCall(token);
  }

  /** `(`: a sub-expression, or an array literal if it is empty or holds a comma. */
  private parseParenthesised(): Node {
    const open = this.ts.next();
    if (this.ts.isSymbol(')')) {
      this.ts.next();
      return this.node([], 'array', open.start);
    }
    const first = this.parseOr("after '('");
    if (this.ts.isSymbol(')')) {
      this.ts.next();
      return { ...first, start: open.start, end: this.ts.previousEnd };
    }
    if (!this.ts.isSymbol(',')) {
      this.failAfter(first, `')' to close the '(' at ${this.ts.where(open.start)}`);
    }
    const items: Cql2Argument[] = [first.json];
    while (this.ts.isSymbol(',')) {
      this.ts.next();
      items.push(this.nested(() => this.parseOr('in the list')).json);
    }
    if (!this.ts.isSymbol(')')) {
      this.ts.unexpected(`',' or ')' in the list opened at ${this.ts.where(open.start)}`);
    }
    this.ts.next();
    return this.node(items, 'array', open.start);
  }

  /**
   * BNF rule `arrayExpression`: `( item, ... )`, empty allowed; `[ ... ]` as in earlier drafts
   * of the standard. Inside an array a '(' always opens a nested array (`((1, 2), 3)`).
   */
  private parseArray(open: '(' | '[', close: ')' | ']'): Node {
    const start = this.ts.expectSymbol(open, 'to start an array').start;
    const items: Cql2Argument[] = [];
    if (!this.ts.isSymbol(close)) {
      for (;;) {
        const item = this.nested(() =>
          this.ts.isSymbol('(') ? this.parseArray('(', ')') : this.parseOr('in the array'),
        );
        items.push(item.json);
        if (!this.ts.isSymbol(',')) break;
        this.ts.next();
      }
    }
    if (!this.ts.isSymbol(close)) {
      this.ts.unexpected(`',' or '${close}' in the array opened at ${this.ts.where(start)}`);
    }
    this.ts.next();
    return this.node(items, 'array', start);
  }

  /** BNF rule `characterClause`: CASEI(...) and ACCENTI(...) take one character expression. */
  private parseCaseFold(token: IdentifierToken): Node {
    const name = token.upper;
    this.ts.next();
    this.ts.next();
    const arg = this.nested(() => this.parseOr(`in ${name}(...)`));
    this.require(arg, CHARACTER, `in ${name}(...)`);
    this.ts.expectSymbol(')', `after the argument of ${name} (it takes exactly one)`);
    const op = name === 'CASEI' ? 'casei' : 'accenti';
    return this.node({ op, args: [arg.json as CharacterOperand] }, 'characterClause', token.start);
  }

  /** BNF rules `dateInstant` and `timestampInstant`: the keyword around a quoted instant. */
  private parseInstant(token: IdentifierToken): Node {
    const isDate = token.upper === 'DATE';
    this.ts.next();
    this.ts.next();
    const literal = this.ts.peek();
    if (literal.kind !== 'string') {
      this.ts.unexpected(
        isDate
          ? "a quoted date such as '2024-01-31' in DATE(...)"
          : "a quoted timestamp such as '2024-01-31T12:00:00Z' in TIMESTAMP(...)",
      );
    }
    const reason = isDate ? checkDate(literal.value) : checkTimestamp(literal.value);
    if (reason) this.ts.fail(literal.start, reason);
    this.ts.next();
    this.ts.expectSymbol(')', `after the ${isDate ? 'date' : 'timestamp'} in ${token.upper}(...)`);
    const json: InstantInstance = isDate ? { date: literal.value } : { timestamp: literal.value };
    return this.node(json, 'instant', token.start);
  }

  /** BNF rule `intervalInstance`: INTERVAL(start, end). */
  private parseInterval(token: IdentifierToken): Node {
    this.ts.next();
    this.ts.next();
    const start = this.parseIntervalBound('as the start of INTERVAL');
    this.ts.expectSymbol(',', 'between the start and the end of INTERVAL');
    const end = this.parseIntervalBound('as the end of INTERVAL');
    this.ts.expectSymbol(')', 'after the end of INTERVAL (it takes exactly two bounds)');
    return this.node({ interval: [start, end] }, 'interval', token.start);
  }

  /**
   * BNF rule `instantParameter`: a quoted date or timestamp, '..', a property or a function.
   * `DATE('...')` and `TIMESTAMP('...')` are accepted too and reduced to their string, the only
   * form the CQL2-JSON schema (`intervalArray`) allows.
   */
  private parseIntervalBound(where: string): IntervalParameter {
    const token = this.ts.peek();
    if (token.kind === 'string') {
      const reason = checkIntervalBound(token.value);
      if (reason) this.ts.fail(token.start, reason);
      this.ts.next();
      return token.value;
    }
    const bound = this.nested(() => this.parseAdditive(where));
    if (bound.kind === 'instant') {
      const instant = bound.json as InstantInstance;
      return 'date' in instant ? instant.date : instant.timestamp;
    }
    this.require(bound, INTERVAL_BOUND, where);
    return bound.json as IntervalParameter;
  }

  /**
   * BNF rules `spatialPredicate`, `temporalPredicate` and `arrayPredicate`: a standard function
   * of exactly two operands of the family's type. For the array functions, a '(' in argument
   * position is an array literal (rule `arrayOperand`), as in A_CONTAINS(layer:ids, ('a', 'b')).
   */
  private parseStandardFunction(
    token: IdentifierToken,
    op: SpatialFunctionName | TemporalFunctionName | ArrayFunctionName,
    operand: Slot,
    noun: string,
  ): Node {
    const name = token.upper;
    this.ts.next();
    this.ts.next();
    const args: Cql2Argument[] = [];
    if (!this.ts.isSymbol(')')) {
      for (;;) {
        const where = `as the ${ordinal(args.length)} argument of ${name}`;
        if (args.length === 2) {
          this.ts.fail(
            this.ts.peek().start,
            `${name} takes exactly two arguments (${noun}), not more`,
          );
        }
        const arg = this.nested(() =>
          operand === ARRAY && this.ts.isSymbol('(')
            ? this.parseArray('(', ')')
            : this.parseOr(where),
        );
        this.require(arg, operand, where);
        args.push(arg.json);
        if (!this.ts.isSymbol(',')) break;
        this.ts.next();
      }
    }
    if (!this.ts.isSymbol(')')) {
      this.ts.unexpected(`',' or ')' after the ${ordinal(args.length - 1)} argument of ${name}`);
    }
    const close = this.ts.next();
    if (args.length !== 2) {
      this.ts.fail(
        close.start,
        `${name} takes exactly two arguments (${noun}), but was given ${args.length}`,
      );
    }
    return this.node({ op, args }, 'condition', token.start);
  }

  /** BNF rule `function`: any other name followed by '(' is a call, name kept as written. */
  private parseFunctionCall(token: IdentifierToken): Node {
    const name = token.name;
    if (RESERVED_OPS.has(name)) {
      this.ts.fail(token.start, `${name} is not a function in CQL2-text; write x IS NULL instead`);
    }
    this.ts.next();
    this.ts.next();
    const args: Cql2Argument[] = [];
    if (!this.ts.isSymbol(')')) {
      for (;;) {
        const where = `as the ${ordinal(args.length)} argument of ${name}`;
        args.push(this.nested(() => this.parseOr(where)).json);
        if (!this.ts.isSymbol(',')) break;
        this.ts.next();
      }
      if (!this.ts.isSymbol(')')) {
        this.ts.unexpected(`',' or ')' after the ${ordinal(args.length - 1)} argument of ${name}`);
      }
    }
    this.ts.next();
    const json: FunctionRef = { op: name, args };
    return this.node(json, 'function', token.start);
  }
}

/** BNF rule `patternExpression`: a string literal, possibly wrapped in CASEI/ACCENTI. */
function isPattern(json: Cql2Argument): json is PatternExpression {
  if (typeof json === 'string') return true;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('op' in json)) {
    return false;
  }
  return (json.op === 'casei' || json.op === 'accenti') && isPattern(json.args[0] as Cql2Argument);
}
