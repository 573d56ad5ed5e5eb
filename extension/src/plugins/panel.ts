/**
 * The catalog panel in the left sidebar, its command, and the context-menu actions on the
 * things it lists.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IConsoleTracker } from '@jupyterlab/console';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { IBasketModel } from '../basket/index.js';
import { ICatalogModel } from '../catalog/index.js';
import { startDrag } from '../dnd/index.js';
import { styxIcon } from '../icons.js';
import { IMountsModel } from '../mounts/index.js';
import { CatalogPanel } from '../panel/index.js';
import { CommandIDs } from './command-ids.js';
import { addTargetCommands } from './target-commands.js';

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:panel',
  description: 'The Styx catalog panel: collections, item search, results and item details.',
  autoStart: true,
  requires: [ICatalogModel],
  optional: [
    ITranslator,
    ILayoutRestorer,
    ICommandPalette,
    INotebookTracker,
    IConsoleTracker,
    IMountsModel,
    IBasketModel,
  ],
  activate: (
    app: JupyterFrontEnd,
    model: ICatalogModel,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    notebooks: INotebookTracker | null,
    consoles: IConsoleTracker | null,
    mounts: IMountsModel | null,
    basket: IBasketModel | null,
  ) => {
    const trans = (translator ?? nullTranslator).load('styx');
    const panel = new CatalogPanel({
      model,
      translator: translator ?? nullTranslator,
      startDrag: (target, event) => {
        void startDrag(target, event.clientX, event.clientY);
      },
      onOpenMap: () => void app.commands.execute(CommandIDs.openMap),
      ...(mounts ? { mounts } : {}),
      ...(basket ? { basket } : {}),
    });
    panel.id = 'styx-catalog';
    panel.title.icon = styxIcon;
    panel.title.caption = trans.__('Styx catalog');
    app.shell.add(panel, 'left', { rank: 150 });
    restorer?.add(panel, 'styx-catalog');

    // Collections are few and cheap: list them at once, and again for another catalog.
    void model.searchCollections('');
    void model.refreshQueryables();
    model.catalogChanged.connect(() => {
      void model.searchCollections('');
      void model.refreshQueryables();
    });

    app.commands.addCommand(CommandIDs.openCatalog, {
      label: trans.__('Open the Styx Catalog'),
      caption: trans.__('Search the STAC catalog and drag datasets into notebooks'),
      icon: styxIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    palette?.addItem({ command: CommandIDs.openCatalog, category: 'Styx' });

    addTargetCommands({
      app,
      model,
      trans,
      targetForNode: (node) => panel.targetForNode(node),
      notebooks,
      consoles,
      mounts,
    });
    for (const command of [
      CommandIDs.insertIntoNotebook,
      CommandIDs.runInKernel,
      CommandIDs.copyCode,
    ]) {
      palette?.addItem({ command, category: 'Styx' });
    }
  },
};
