import type { CwlBinding, CwlTool } from './cwl-tool.js';

/**
 * The command line of a CWL CommandLineTool for given input values (CWL v1.2 §"Building the
 * command line", without expressions): `baseCommand`, then every argument and bound input
 * sorted by position; at the same position arguments (keyed by their index) come before inputs
 * (keyed by their name), as the reference runner orders them. `paths` holds where each File or
 * Directory input is inside the container. Pure: checked against cwltool in the tests.
 */
export function cwlCommandLine(
  tool: CwlTool,
  values: Record<string, unknown>,
  paths: Record<string, string>,
): string[] {
  type Entry = { position: number; key: number | string; words: string[] };
  const entries: Entry[] = [];
  for (const arg of tool.arguments) {
    entries.push({ position: arg.position, key: arg.index, words: bind(arg, arg.value) });
  }
  for (const input of tool.inputs) {
    if (!input.binding) continue;
    const value = values[input.id] ?? input.default;
    if (value === undefined || value === null) continue;
    const words =
      input.type === 'File' || input.type === 'Directory'
        ? paths[input.id] === undefined
          ? []
          : bind(input.binding, paths[input.id] as string)
        : input.type === 'boolean'
          ? value === true && input.binding.prefix
            ? [input.binding.prefix]
            : []
          : bind(input.binding, formatScalar(value));
    entries.push({ position: input.binding.position, key: input.id, words });
  }
  entries.sort((a, b) => a.position - b.position || compareKeys(a.key, b.key));
  return [...tool.baseCommand, ...entries.flatMap((e) => e.words)];
}

function bind(binding: CwlBinding, value: string): string[] {
  if (binding.prefix === undefined) return [value];
  return binding.separate ? [binding.prefix, value] : [`${binding.prefix}${value}`];
}

/**
 * Numbers as JSON wrote them: the reference runner, given the same JSON job, prints the value it
 * parsed (3 for 3.0), so a float input that is whole prints without a decimal point there too.
 */
function formatScalar(value: unknown): string {
  return String(value);
}

/** Indices (arguments) before names (inputs); numbers by value, names by code point. */
function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
