/**
 * Styx's system health from the Hub's health service (/services/health/), read with the user's
 * own token: the model, a light in the status bar, and the health panel it opens. Without a Hub
 * there is no health service, and no model is provided.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { hubFetch, hubPageFrom, hubServicesUrl } from '../catalog/index.js';
import { HealthIndicator, HealthModel, HealthPanel, IHealthModel } from '../health/index.js';
import { CommandIDs } from './command-ids.js';

export const healthModelPlugin: JupyterFrontEndPlugin<IHealthModel | null> = {
  id: '@styx/jupyterlab:health-model',
  description: "Styx's system health: each component's status, uptime and incidents.",
  autoStart: true,
  provides: IHealthModel,
  activate: (): IHealthModel | null => {
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    if (!hub) return null;
    return new HealthModel({
      healthUrl: `${hubServicesUrl(hub)}health/`,
      fetch: hubFetch(hub, (input, init) => window.fetch(input, init)),
    });
  },
};

export const healthPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:health',
  description: 'The health light in the status bar and the health panel (uptime bars, incidents).',
  autoStart: true,
  optional: [IHealthModel, IStatusBar, ITranslator, ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IHealthModel | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    _restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
  ) => {
    if (!model) return;
    const trans = (translator ?? nullTranslator).load('styx');
    let widget: MainAreaWidget<HealthPanel> | undefined;
    app.commands.addCommand(CommandIDs.openHealth, {
      label: trans.__('Open Styx System Health'),
      caption: trans.__(
        'Whether notebooks, catalog, processing and storage work; uptime and incidents',
      ),
      execute: () => {
        if (!widget || widget.isDisposed) {
          widget = new MainAreaWidget({ content: new HealthPanel(model, trans) });
          widget.id = 'styx-health';
          widget.title.label = trans.__('System Health');
          widget.title.closable = true;
        }
        if (!widget.isAttached) app.shell.add(widget, 'main');
        app.shell.activateById(widget.id);
        void model.refresh();
      },
    });
    palette?.addItem({ command: CommandIDs.openHealth, category: 'Styx' });
    statusBar?.registerStatusItem('@styx/jupyterlab:health', {
      item: new HealthIndicator(
        model,
        trans,
        () => void app.commands.execute(CommandIDs.openHealth),
      ),
      align: 'left',
      rank: 50,
    });
  },
};
