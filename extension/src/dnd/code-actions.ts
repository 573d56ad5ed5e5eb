/**
 * What a drop or a context-menu command does with generated code: a new code cell in a
 * notebook (and optionally run it), or straight into a console's kernel.
 */
import type { CodeConsole } from '@jupyterlab/console';
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';
import type { DropTarget, GenerateOptions } from '../codegen/index.js';
import { generateCode } from '../codegen/index.js';

export interface InsertOptions {
  /** Cell index to insert at; default: below the active cell. */
  index?: number;
  /** Run the new cell in the notebook's kernel. */
  run?: boolean;
  /** How the code is generated (the mounts holding the dataset's files). */
  generate?: GenerateOptions;
}

/** Inserts the target's code as a new code cell; resolves once it ran when `run` is set. */
export async function insertIntoNotebook(
  panel: NotebookPanel,
  target: DropTarget,
  options: InsertOptions = {},
): Promise<void> {
  const notebook = panel.content;
  const model = notebook.model;
  if (!model) {
    throw new Error('The notebook has no model yet.');
  }
  const { code } = generateCode(target, options.generate);
  const index = clamp(options.index ?? notebook.activeCellIndex + 1, 0, model.cells.length);
  model.sharedModel.insertCell(index, { cell_type: 'code', source: code });
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  if (options.run) {
    await NotebookActions.run(notebook, panel.sessionContext);
  }
}

/** Runs the target's code in a console's kernel, as if the user had typed it. */
export async function runInConsole(
  console: CodeConsole,
  target: DropTarget,
  generate?: GenerateOptions,
): Promise<void> {
  await console.inject(generateCode(target, generate).code);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
