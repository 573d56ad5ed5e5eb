/**
 * Python source from untrusted values. Every id, href, title or filter that reaches a cell goes
 * through one of these helpers: a quote, backslash or newline in catalog metadata must never end
 * a string literal or a comment early, and so never become code.
 */

/** Characters written as escapes even inside a string: invisible, bidi (Trojan Source), breaks. */
const NEEDS_ESCAPE = /[\p{C}\p{Z}]/u;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, '0');
}

function escapeChar(char: string, quote: string): string {
  const simple = SIMPLE_ESCAPES[char];
  if (simple !== undefined) return simple;
  if (char === quote) return `\\${quote}`;
  if (char === ' ' || !NEEDS_ESCAPE.test(char)) return char;
  // Lone surrogates come through `for…of` as one UTF-16 unit, so codePointAt sees them as is.
  const codePoint = char.codePointAt(0)!;
  if (codePoint <= 0xff) return `\\x${hex(codePoint, 2)}`;
  if (codePoint <= 0xffff) return `\\u${hex(codePoint, 4)}`;
  return `\\U${hex(codePoint, 8)}`;
}

/**
 * A Python `str` literal equal to `value`, in the style of `repr()`: single quotes unless the
 * text holds a single quote and no double quote. Printable non-ASCII text stays readable
 * (notebooks are UTF-8); control, format, separator and unassigned characters are escaped.
 */
export function pyStr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = '';
  for (const char of value) body += escapeChar(char, quote);
  return `${quote}${body}${quote}`;
}

/** A Python number literal; JSON has no NaN or infinities, but a JS number may. */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (value === Number.POSITIVE_INFINITY) return "float('inf')";
  if (value === Number.NEGATIVE_INFINITY) return "-float('inf')";
  return String(value);
}

export type PyValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | readonly PyValue[]
  | { readonly [key: string]: PyValue };

const INDENT = '    ';
const LINE_WIDTH = 88;

/**
 * A Python literal for a JSON-like value: `None`, `True`, `False`, numbers, strings, lists and
 * dicts. Object entries whose value is `undefined` are left out, as JSON.stringify does. A value
 * that does not fit on the line from `column` is spread over lines, one element per line, so a
 * CQL2 filter stays readable in the cell.
 */
export function pyLiteral(value: PyValue, column = 0, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyStr(value);
  const flat = flatLiteral(value);
  if (column + flat.length <= LINE_WIDTH) return flat;
  const inner = INDENT.repeat(depth + 1);
  const lines = isList(value)
    ? value.map((element) => pyLiteral(element, inner.length, depth + 1))
    : entries(value).map(([key, element]) => {
        const keyText = `${pyStr(key)}: `;
        return keyText + pyLiteral(element, inner.length + keyText.length, depth + 1);
      });
  const [open, close] = isList(value) ? ['[', ']'] : ['{', '}'];
  if (lines.length === 0) return `${open}${close}`;
  return `${open}\n${lines.map((line) => `${inner}${line},\n`).join('')}${INDENT.repeat(depth)}${close}`;
}

function flatLiteral(value: PyValue): string {
  if (value === null || typeof value !== 'object') return pyLiteral(value);
  if (isList(value)) return `[${value.map(flatLiteral).join(', ')}]`;
  return `{${entries(value)
    .map(([key, element]) => `${pyStr(key)}: ${flatLiteral(element)}`)
    .join(', ')}}`;
}

function isList(value: object): value is readonly PyValue[] {
  return Array.isArray(value);
}

function entries(value: { readonly [key: string]: PyValue }): [string, PyValue][] {
  return Object.entries(value).filter(([, element]) => element !== undefined);
}

/**
 * Text for a `#` comment: anything that could end the comment line (newlines, U+2028, other
 * separators) or reorder what the reader sees (bidi controls) becomes a plain space.
 */
export function pyComment(text: string, maxLength = 160): string {
  const flat = text
    .replace(/[\p{C}\p{Z}]/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return flat.length <= maxLength ? flat : `${flat.slice(0, maxLength - 1).trimEnd()}…`;
}

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** Builtins a notebook keeps using; binding a result to one of them would break later cells. */
const SHADOWED_BUILTINS: ReadonlySet<string> = new Set([
  'all',
  'any',
  'bool',
  'bytes',
  'dict',
  'dir',
  'display',
  'enumerate',
  'filter',
  'float',
  'format',
  'help',
  'id',
  'input',
  'int',
  'iter',
  'len',
  'list',
  'map',
  'max',
  'min',
  'next',
  'object',
  'open',
  'print',
  'range',
  'repr',
  'round',
  'set',
  'slice',
  'sorted',
  'str',
  'sum',
  'tuple',
  'type',
  'vars',
  'zip',
]);

const MAX_IDENTIFIER_LENGTH = 48;

export interface IdentifierOptions {
  /** Used when nothing of the raw text survives, and as a prefix when it starts with a digit. */
  fallback: string;
  /** Names the cell itself binds or imports, which the result must not overwrite. */
  reserved?: Iterable<string>;
  /** Snake case for names derived from ids; a name the user typed keeps its case. */
  lowerCase?: boolean;
}

/**
 * A valid Python identifier from an arbitrary id: accents dropped, every run of other
 * characters an underscore, a prefix before a leading digit, and a trailing underscore (PEP 8)
 * while it is a keyword, a common builtin or one of the cell's own names.
 */
export function pyIdentifier(raw: string, options: IdentifierOptions): string {
  let name = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
  if (options.lowerCase) name = name.toLowerCase();
  if (name === '') name = options.fallback;
  else if (/^[0-9]/.test(name)) name = `${options.fallback}_${name}`;
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    name = name.slice(0, MAX_IDENTIFIER_LENGTH).replace(/_+$/, '');
  }
  const reserved = new Set(options.reserved ?? []);
  while (PYTHON_KEYWORDS.has(name) || SHADOWED_BUILTINS.has(name) || reserved.has(name)) {
    name = `${name}_`;
  }
  return name;
}

/** A call with keyword arguments, one per line once it no longer fits on one line. */
export function pyCall(
  callee: string,
  positional: readonly string[],
  keywords: readonly (readonly [string, string])[],
  column = 0,
): string {
  const args = [...positional, ...keywords.map(([name, value]) => `${name}=${value}`)];
  const flat = `${callee}(${args.join(', ')})`;
  if (column + flat.length <= LINE_WIDTH && !flat.includes('\n')) return flat;
  return `${callee}(\n${args.map((arg) => `${INDENT}${indentContinuation(arg)},\n`).join('')})`;
}

/** Indents the continuation lines of a multi-line argument by one level. */
function indentContinuation(text: string): string {
  return text.replace(/\n/g, `\n${INDENT}`);
}
