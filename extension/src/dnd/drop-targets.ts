/**
 * Makes notebooks and consoles accept Styx drags. Lumino delivers `lm-dragenter`,
 * `lm-dragover` and `lm-drop` events to the node under the pointer; a notebook only handles
 * its own cell MIME type, so these listeners (registered in the capture phase) take ours
 * and leave everything else to it.
 */
import type { CodeConsole } from '@jupyterlab/console';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import type { Drag } from '@lumino/dragdrop';
import type { DropTarget, GenerateOptions } from '../codegen/index.js';
import { insertIntoNotebook, runInConsole } from './code-actions.js';
import { STYX_DROP_MIME } from './mime.js';

const DROP_HOVER_CLASS = 'styx-mod-dropTarget';

export interface NotebookDropOptions {
  /** Run the inserted cell as well. */
  run: () => boolean;
  /** Called with any error of the insertion, to show it to the user. */
  onError: (error: unknown) => void;
  /** How the code for a target is generated (its mounts); default: from its hrefs. */
  generate?: (target: DropTarget) => GenerateOptions;
}

/** Accepts Styx drops on a notebook: a code cell in the gap between cells nearest the pointer. */
export function attachNotebookDropTarget(
  panel: NotebookPanel,
  options: NotebookDropOptions,
): IDisposable {
  const node = panel.content.node;
  return listen(node, (target, event) => {
    const index = dropIndex(panel, event.clientY);
    insertIntoNotebook(panel, target, {
      index,
      run: options.run(),
      ...(options.generate ? { generate: options.generate(target) } : {}),
    }).catch(options.onError);
  });
}

/** Accepts Styx drops on a console: the code runs in its kernel at once. */
export function attachConsoleDropTarget(
  console: CodeConsole,
  onError: (error: unknown) => void,
  generate?: (target: DropTarget) => GenerateOptions,
): IDisposable {
  return listen(console.node, (target) => {
    runInConsole(console, target, generate?.(target)).catch(onError);
  });
}

/**
 * The insertion index nearest `clientY`: before a cell when the pointer is on its upper half,
 * after it on its lower half, at the end below all cells.
 */
export function dropIndex(panel: NotebookPanel, clientY: number): number {
  const widgets = panel.content.widgets;
  for (let i = 0; i < widgets.length; i++) {
    const rect = widgets[i]?.node.getBoundingClientRect();
    if (rect && clientY < rect.top + rect.height / 2) {
      return i;
    }
  }
  return widgets.length;
}

function listen(
  node: HTMLElement,
  onDrop: (target: DropTarget, event: Drag.Event) => void,
): IDisposable {
  const accepts = (event: Drag.Event) => event.mimeData.hasData(STYX_DROP_MIME);
  const handler = (event: Event) => {
    const drag = event as Drag.Event;
    if (!accepts(drag)) return;
    drag.preventDefault();
    drag.stopPropagation();
    switch (event.type) {
      case 'lm-dragenter':
      case 'lm-dragover':
        node.classList.add(DROP_HOVER_CLASS);
        drag.dropAction = 'copy';
        break;
      case 'lm-dragleave':
        node.classList.remove(DROP_HOVER_CLASS);
        break;
      case 'lm-drop':
        node.classList.remove(DROP_HOVER_CLASS);
        drag.dropAction = 'copy';
        onDrop(drag.mimeData.getData(STYX_DROP_MIME) as DropTarget, drag);
        break;
    }
  };
  const types = ['lm-dragenter', 'lm-dragover', 'lm-dragleave', 'lm-drop'];
  for (const type of types) node.addEventListener(type, handler, true);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const type of types) node.removeEventListener(type, handler, true);
    },
  };
}
