/**
 * The shape every generated cell shares: explanatory comments, the imports, the body, and the
 * result variable alone on the last line so that Jupyter displays it.
 */

import { pyComment, pyIdentifier } from './python.js';
import type { GeneratedCode, GenerateOptions } from './types.js';

/**
 * Names the generated cells import or bind on their way to the result. The result variable never
 * takes one of them, or the cell would overwrite a module or a step it still needs.
 */
export const CELL_NAMES: readonly string[] = [
  'IPython',
  'Image',
  'catalog',
  'from_mount',
  'geopandas',
  'item',
  'items',
  'odc',
  'os',
  'pandas',
  'pystac',
  'pystac_client',
  'rioxarray',
  'search',
  'xarray',
];

export class Cell {
  private readonly comments: string[] = [];
  private readonly importLines: string[] = [];
  private readonly lines: string[] = [];

  constructor(
    readonly variable: string,
    readonly description: string,
  ) {}

  /** A `#` line; the text is sanitised so that it cannot leave the comment. */
  comment(text: string): this {
    this.comments.push(`# ${pyComment(text, 200)}`);
    return this;
  }

  import(statement: string): this {
    if (!this.importLines.includes(statement)) this.importLines.push(statement);
    return this;
  }

  /** Body lines; a comment here (already made safe with `pyComment`) explains the next step. */
  line(...lines: string[]): this {
    this.lines.push(...lines);
    return this;
  }

  note(text: string): this {
    return this.line(`# ${pyComment(text, 200)}`);
  }

  build(): GeneratedCode {
    const sections = [this.comments, this.importLines, [...this.lines, this.variable]].filter(
      (section) => section.length > 0,
    );
    const code = `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
    return {
      code,
      imports: [...this.importLines],
      variable: this.variable,
      description: pyComment(this.description, 200),
    };
  }
}

/**
 * The result variable: the user's choice if any (kept in its case), else one derived from the
 * dropped object's id, else the conventional name for the kind of result.
 */
export function resultVariable(
  options: GenerateOptions | undefined,
  derivedFrom: string | undefined,
  conventional: string,
): string {
  const reserved = CELL_NAMES;
  if (options?.variable !== undefined && options.variable.trim() !== '') {
    return pyIdentifier(options.variable, { fallback: conventional, reserved });
  }
  return pyIdentifier(derivedFrom ?? '', { fallback: conventional, reserved, lowerCase: true });
}
