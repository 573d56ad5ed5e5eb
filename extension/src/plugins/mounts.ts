/**
 * The user's dataset mounts on the kernels gateway (the Hub's /services/kernels/), reached with
 * their own token: the model the catalog panel and the drops share, and the mounts view in the
 * right sidebar. Without a Hub there is no gateway, and no model is provided.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { folderIcon } from '@jupyterlab/ui-components';
import { hubFetch, hubPageFrom, hubServicesUrl } from '../catalog/index.js';
import { IMountsModel, MountsModel, MountsPanel } from '../mounts/index.js';
import { CommandIDs } from './command-ids.js';

export const mountsModelPlugin: JupyterFrontEndPlugin<IMountsModel | null> = {
  id: '@styx/jupyterlab:mounts-model',
  description: "The user's dataset mounts (data/<name>) on the Styx kernels gateway.",
  autoStart: true,
  provides: IMountsModel,
  activate: (): IMountsModel | null => {
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    if (!hub) return null;
    return new MountsModel({
      gatewayUrl: `${hubServicesUrl(hub)}kernels/`,
      fetch: hubFetch(hub, (input, init) => window.fetch(input, init)),
    });
  },
};

export const mountsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:mounts',
  description: 'The mounts view: the datasets mounted in data/, to open or unmount.',
  autoStart: true,
  optional: [IMountsModel, ITranslator, ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IMountsModel | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
  ) => {
    if (!model) return;
    const trans = (translator ?? nullTranslator).load('styx');
    const panel = new MountsPanel(model, trans, (path) => {
      void app.commands
        .execute('filebrowser:go-to-path', { path })
        .then(() => app.shell.activateById('filebrowser'));
    });
    panel.id = 'styx-mounts';
    panel.title.icon = folderIcon;
    panel.title.caption = trans.__('Styx mounted datasets');
    app.shell.add(panel, 'right', { rank: 160 });
    restorer?.add(panel, 'styx-mounts');

    app.commands.addCommand(CommandIDs.openMounts, {
      label: trans.__('Open the Styx Mounts'),
      caption: trans.__('The datasets mounted in data/ in your home'),
      icon: folderIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    palette?.addItem({ command: CommandIDs.openMounts, category: 'Styx' });
  },
};
