/**
 * Checks generated cells with the real Python parser: one python3 process per test file parses
 * every cell and reports, per cell, syntax errors, names used but never bound, whether imports
 * come first, the name on the last line, and every call with its arguments as Python reads them
 * (literals evaluated, other expressions as source), so tests assert on what runs, not on layout. Literal checks evaluate a literal with
 * ast.literal_eval and return its value, so quoting is compared with what Python reads.
 */

import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

const CHECKER = `
import ast, builtins, json, sys

def value(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return {"expr": ast.unparse(node)}

def calls_in(tree):
    return [
        {
            "func": ast.unparse(node.func),
            "args": [value(arg) for arg in node.args],
            "kwargs": {k.arg: value(k.value) for k in node.keywords if k.arg},
        }
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    ]

def check(code):
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        return {"ok": False, "error": f"{error.msg} (line {error.lineno}): {error.text!r}"}
    bound, used = set(dir(builtins)), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef):
            bound.add(node.name)
    body = tree.body
    kinds = [isinstance(s, (ast.Import, ast.ImportFrom)) for s in body]
    first_other = kinds.index(False) if False in kinds else len(kinds)
    last = body[-1] if body else None
    return {
        "ok": True,
        "undefined": sorted(used - bound),
        "importsFirst": not any(kinds[first_other:]),
        "calls": calls_in(tree),
        "lastName": last.value.id if isinstance(last, ast.Expr) and isinstance(last.value, ast.Name) else None,
    }

def literal(text):
    try:
        return {"ok": True, "value": ast.literal_eval(text)}
    except Exception as error:
        return {"ok": False, "error": repr(error)}

request = json.load(sys.stdin)
json.dump({
    "cells": [check(code) for code in request["cells"]],
    "literals": [literal(text) for text in request["literals"]],
}, sys.stdout)
`;

export type CellVerdict =
  | { ok: false; error: string }
  | {
      ok: true;
      undefined: string[];
      importsFirst: boolean;
      lastName: string | null;
      calls: PythonCall[];
    };

/** A call in a cell: literal arguments as values, others as `{ expr: source }`. */
export interface PythonCall {
  func: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export type LiteralVerdict = { ok: true; value: unknown } | { ok: false; error: string };

export function runPython(
  cells: readonly string[],
  literals: readonly string[] = [],
): { cells: CellVerdict[]; literals: LiteralVerdict[] } {
  const result = spawnSync('python3', ['-c', CHECKER], {
    input: JSON.stringify({ cells, literals }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * Collects the cells a test file generates at load time, parses them all at once (call `run` in
 * beforeAll), then answers per cell.
 */
export class PythonCells {
  private readonly cells: string[] = [];
  private readonly literals: string[] = [];
  private verdicts: { cells: CellVerdict[]; literals: LiteralVerdict[] } | undefined;

  add<T extends { code: string }>(generated: T): T {
    this.cells.push(generated.code);
    return generated;
  }

  addLiteral(text: string): string {
    this.literals.push(text);
    return text;
  }

  run(): void {
    this.verdicts = runPython(this.cells, this.literals);
  }

  get all(): { code: string; verdict: CellVerdict }[] {
    return this.cells.map((code, i) => ({ code, verdict: this.results.cells[i]! }));
  }

  verdict(code: string): CellVerdict {
    const index = this.cells.indexOf(code);
    if (index < 0) throw new Error('cell was not added before run()');
    return this.results.cells[index]!;
  }

  /** The calls of a valid cell to `func` (a dotted name as written). */
  calls(code: string, func: string): PythonCall[] {
    const verdict = this.verdict(code);
    if (!verdict.ok) throw new Error(`not valid Python: ${verdict.error}\n${code}`);
    return verdict.calls.filter((call) => call.func === func);
  }

  /** The one call to `func` in a cell; fails when there is none or more than one. */
  call(code: string, func: string): PythonCall {
    const found = this.calls(code, func);
    if (found.length !== 1)
      throw new Error(`expected one call to ${func}, got ${found.length}\n${code}`);
    return found[0]!;
  }

  literal(text: string): LiteralVerdict {
    const index = this.literals.indexOf(text);
    if (index < 0) throw new Error('literal was not added before run()');
    return this.results.literals[index]!;
  }

  private get results(): { cells: CellVerdict[]; literals: LiteralVerdict[] } {
    if (!this.verdicts) throw new Error('call run() in beforeAll first');
    return this.verdicts;
  }
}

/** What every cell must be: valid Python, imports first, no unbound name, ending on its variable. */
export function expectRunnableCell(
  cells: PythonCells,
  generated: { code: string; variable: string; imports: string[] },
): void {
  const verdict = cells.verdict(generated.code);
  expect(verdict, generated.code).toMatchObject({ ok: true });
  if (!verdict.ok) return;
  expect(verdict.undefined, generated.code).toEqual([]);
  expect(verdict.importsFirst, generated.code).toBe(true);
  expect(verdict.lastName).toBe(generated.variable);
  for (const statement of generated.imports) {
    expect(generated.code.split('\n')).toContain(statement);
  }
}
