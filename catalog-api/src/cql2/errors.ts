/** Longest source line quoted whole under an error message; longer lines are cut to a window. */
const MAX_EXCERPT = 80;
/** Characters kept before the error when a long line is cut to a window. */
const WINDOW_BEFORE = 30;

/** A place in the filter text, as people count it. */
export interface SourceLocation {
  /** 1-based line; a line ends at LF, CR or CR LF. */
  line: number;
  /** 1-based column in Unicode code points. */
  column: number;
}

/**
 * A CQL2-text filter that is not valid CQL2 (OGC 21-065r2 Annex A). The message says where and
 * what went wrong, and quotes the offending line with a caret under the spot:
 *
 *     CQL2 syntax error at line 1, column 17: expected a value after '=' but found end of input
 *       eo:cloud_cover =
 *                       ^
 */
export class Cql2SyntaxError extends Error {
  override readonly name = 'Cql2SyntaxError';
  /** 0-based offset into the text, in UTF-16 code units (a JavaScript string index). */
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** What went wrong, without the location: fit for an API error's `detail`. */
  readonly reason: string;

  constructor(text: string, position: number, reason: string) {
    const at = Math.max(0, Math.min(position, text.length));
    const { line, column } = locate(text, at);
    const excerpt = renderExcerpt(text, at);
    super(
      `CQL2 syntax error at line ${line}, column ${column}: ${reason}${excerpt ? `\n${excerpt}` : ''}`,
    );
    this.position = at;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Start offset of the line holding `position`, and that line's number. */
function lineStartOf(text: string, position: number): { start: number; line: number } {
  let start = 0;
  let line = 1;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
    const next = m.index + m[0].length;
    if (next > position) break;
    start = next;
    line += 1;
  }
  return { start, line };
}

export function locate(text: string, position: number): SourceLocation {
  const { start, line } = lineStartOf(text, position);
  return { line, column: Array.from(text.slice(start, position)).length + 1 };
}

/**
 * The line holding the error, indented, with a caret under the error. Combining marks take no
 * room on screen, so they are not counted when placing the caret.
 */
function renderExcerpt(text: string, position: number): string {
  const { start } = lineStartOf(text, position);
  const rest = text.slice(start);
  const lineText = rest.slice(0, rest.search(/\r|\n|$/)).replace(/\t/g, ' ');
  if (lineText.trim() === '') return '';
  let offset = position - start;
  let shown = lineText;
  let prefix = '';
  if (lineText.length > MAX_EXCERPT) {
    const from = Math.max(0, offset - WINDOW_BEFORE);
    const to = Math.min(lineText.length, from + MAX_EXCERPT);
    prefix = from > 0 ? '...' : '';
    shown = `${prefix}${lineText.slice(from, to)}${to < lineText.length ? '...' : ''}`;
    offset -= from;
  }
  const width = (s: string) => Array.from(s.replace(/\p{M}/gu, '')).length;
  const caretAt = width(prefix) + width(shown.slice(prefix.length, prefix.length + offset));
  return `  ${shown}\n  ${' '.repeat(caretAt)}^`;
}
