/**
 * "Insert into notebook", "Run in kernel" and "Copy code": the drop's actions without the
 * drag, from the panel's context menu (or the palette, acting on the selected item).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import type { IConsoleTracker } from '@jupyterlab/console';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ICatalogModel } from '../catalog/index.js';
import { type DropTarget, generateCode } from '../codegen/index.js';
import { insertIntoNotebook, runInConsole } from '../dnd/index.js';
import { generateOptionsFor, type IMountsModel } from '../mounts/index.js';
import { CommandIDs } from './command-ids.js';

export interface TargetCommandsOptions {
  app: JupyterFrontEnd;
  model: ICatalogModel;
  trans: TranslationBundle;
  /** The panel's drop target under the node the context menu was opened on. */
  targetForNode: (node: HTMLElement) => DropTarget | null;
  notebooks: INotebookTracker | null;
  consoles: IConsoleTracker | null;
  /** The user's mounts: code reads a mounted dataset from data/<name>. */
  mounts: IMountsModel | null;
}

export function addTargetCommands(options: TargetCommandsOptions): void {
  const { app, model, trans, notebooks, consoles } = options;
  const generate = generateOptionsFor(options.mounts);

  /** The context-menu target, else the command's `target` argument, else the selected item. */
  const currentTarget = (args: Record<string, unknown>): DropTarget | null => {
    if (args.target && typeof args.target === 'object') {
      return args.target as DropTarget;
    }
    // JupyterLab keeps the last context-menu event for good: read it only when the command
    // comes from that menu, else the palette would act on a row right-clicked long ago.
    if (args.fromMenu === true) {
      const node = app.contextMenuHitTest((n) => n.classList.contains('styx-DropSource'));
      const fromMenu = node ? options.targetForNode(node) : null;
      if (fromMenu) return fromMenu;
    }
    return model.selected
      ? { kind: 'item', catalogUrl: model.catalogUrl, item: model.selected }
      : null;
  };

  // Which of a notebook or a console the user worked in last: "Run in Kernel" goes there, even
  // when the current tab is neither (the map, just after clicking a footprint).
  let lastKernelTab: 'notebook' | 'console' = 'notebook';
  notebooks?.currentChanged.connect((_, panel) => {
    if (panel) lastKernelTab = 'notebook';
  });
  consoles?.currentChanged.connect((_, panel) => {
    if (panel) lastKernelTab = 'console';
  });

  const notebookPanel = async (): Promise<NotebookPanel> => {
    const current = notebooks?.currentWidget;
    if (current) return current;
    // No notebook yet: open one, as "Insert into notebook" would be useless otherwise.
    const created = (await app.commands.execute('notebook:create-new', {
      kernelName: 'python3',
    })) as NotebookPanel;
    await created.context.ready;
    return created;
  };

  const report = (error: unknown) => {
    Notification.error(
      trans.__('Styx: %1', error instanceof Error ? error.message : String(error)),
      { autoClose: 8000 },
    );
  };

  app.commands.addCommand(CommandIDs.insertIntoNotebook, {
    label: trans.__('Insert into Notebook'),
    caption: trans.__('Insert a code cell that opens this dataset'),
    isEnabled: (args) => currentTarget(args) !== null,
    execute: async (args) => {
      const target = currentTarget(args);
      if (!target) return;
      try {
        const panel = await notebookPanel();
        await insertIntoNotebook(panel, target, {
          run: args.run === true,
          generate: generate(target),
        });
        app.shell.activateById(panel.id);
      } catch (error) {
        report(error);
      }
    },
  });

  app.commands.addCommand(CommandIDs.runInKernel, {
    label: trans.__('Run in Kernel'),
    caption: trans.__('Open this dataset in the current console or notebook kernel'),
    isEnabled: (args) => currentTarget(args) !== null,
    execute: async (args) => {
      const target = currentTarget(args);
      if (!target) return;
      try {
        const console = consoles?.currentWidget;
        if (console && (lastKernelTab === 'console' || !notebooks?.currentWidget)) {
          await runInConsole(console.console, target, generate(target));
          return;
        }
        await insertIntoNotebook(await notebookPanel(), target, {
          run: true,
          generate: generate(target),
        });
      } catch (error) {
        report(error);
      }
    },
  });

  app.commands.addCommand(CommandIDs.copyCode, {
    label: trans.__('Copy Code'),
    caption: trans.__('Copy the Python code that opens this dataset'),
    isEnabled: (args) => currentTarget(args) !== null,
    execute: (args) => {
      const target = currentTarget(args);
      if (target) Clipboard.copyToSystem(generateCode(target, generate(target)).code);
    },
  });

  const selector = '.styx-DropSource';
  const args = { fromMenu: true };
  app.contextMenu.addItem({ command: CommandIDs.insertIntoNotebook, selector, rank: 1, args });
  app.contextMenu.addItem({ command: CommandIDs.runInKernel, selector, rank: 2, args });
  app.contextMenu.addItem({ command: CommandIDs.copyCode, selector, rank: 3, args });
}
