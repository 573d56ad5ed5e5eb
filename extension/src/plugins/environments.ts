/**
 * The environments admin panel, wired into JupyterLab. Only under a Hub whose environments
 * service says the user is a Hub admin or a group's delegated admin is the command registered
 * (others never see it); the service checks every request again whatever the page shows.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { saveFile } from '../basket/save-file.js';
import { hubFetch, hubPageFrom, hubServicesUrl } from '../catalog/index.js';
import { EnvironmentsModel, EnvironmentsPanel } from '../environments/index.js';
import { CommandIDs } from './command-ids.js';

export const environmentsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:environments',
  description: 'The environments admin panel: users, bulk actions, profiles, usage reports.',
  autoStart: true,
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
  ) => {
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    if (!hub) return;
    const model = new EnvironmentsModel({
      baseUrl: `${hubServicesUrl(hub)}environments/`,
      fetch: hubFetch(hub, (input, init) => window.fetch(input, init)),
    });
    const trans = (translator ?? nullTranslator).load('styx');
    void model.loadMe().then((manages) => {
      if (!manages) {
        model.dispose();
        return;
      }
      let widget: MainAreaWidget<EnvironmentsPanel> | undefined;
      app.commands.addCommand(CommandIDs.openEnvironments, {
        label: trans.__('Open Styx Environments (admin)'),
        caption: trans.__("Users' servers, profiles, quotas and usage"),
        execute: () => {
          if (!widget || widget.isDisposed) {
            widget = new MainAreaWidget({
              content: new EnvironmentsPanel(model, trans, saveFile),
            });
            widget.id = 'styx-environments';
            widget.title.label = trans.__('Environments');
            widget.title.closable = true;
          }
          if (!widget.isAttached) app.shell.add(widget, 'main');
          app.shell.activateById(widget.id);
          model.start();
          void model.refresh();
        },
      });
      palette?.addItem({ command: CommandIDs.openEnvironments, category: 'Styx' });
    });
  },
};
