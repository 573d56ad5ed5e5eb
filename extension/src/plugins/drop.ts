/**
 * Makes every notebook and console a drop target for Styx drags. A drop on a notebook inserts
 * a code cell where it lands (and runs it when the `insertMode` setting says so); a drop on a
 * console runs the code in its kernel at once.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { IConsoleTracker } from '@jupyterlab/console';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { attachConsoleDropTarget, attachNotebookDropTarget } from '../dnd/index.js';
import { generateOptionsFor, IMountsModel } from '../mounts/index.js';
import type { CatalogSettings } from '../settings/catalog-settings.js';
import { catalogPlugin } from './catalog.js';

export const dropPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:drop',
  description: 'Lets datasets from the Styx panel be dropped onto notebooks and consoles.',
  autoStart: true,
  optional: [INotebookTracker, IConsoleTracker, ISettingRegistry, IMountsModel],
  activate: async (
    _app: JupyterFrontEnd,
    notebooks: INotebookTracker | null,
    consoles: IConsoleTracker | null,
    settingRegistry: ISettingRegistry | null,
    mounts: IMountsModel | null,
  ) => {
    // A dataset the user mounted is read from data/<name>, not from its remote hrefs.
    const generate = generateOptionsFor(mounts);
    let runAfterInsert = false;
    const onError = (error: unknown) => {
      Notification.error(
        `Styx: the drop failed: ${error instanceof Error ? error.message : String(error)}`,
        { autoClose: 8000 },
      );
    };
    notebooks?.widgetAdded.connect((_, panel) => {
      const handle = attachNotebookDropTarget(panel, {
        run: () => runAfterInsert,
        onError,
        generate,
      });
      panel.disposed.connect(() => handle.dispose());
    });
    consoles?.widgetAdded.connect((_, panel) => {
      const handle = attachConsoleDropTarget(panel.console, onError, generate);
      panel.disposed.connect(() => handle.dispose());
    });
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(catalogPlugin.id);
        const apply = () => {
          runAfterInsert = (settings.composite as CatalogSettings).insertMode === 'insert-and-run';
        };
        apply();
        settings.changed.connect(apply);
      } catch (error) {
        console.warn('Styx: could not load the catalog settings for drops.', error);
      }
    }
  },
};
