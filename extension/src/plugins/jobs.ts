/**
 * The Jobs panel: under JupyterHub, the processing service at the Hub's /services/processing/,
 * reached with the user's own token. Without a Hub there is no identity to run jobs as, so the
 * panel is not added.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { runIcon } from '@jupyterlab/ui-components';
import { hubFetch, hubPageFrom, hubServicesUrl, ICatalogModel } from '../catalog/index.js';
import type { StacItem } from '../catalog/types.js';
import { JobsModel, JobsPanel } from '../jobs/index.js';
import { CommandIDs } from './command-ids.js';

export const jobsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:jobs',
  description: 'The Styx Jobs panel: run processes on catalog data and follow the jobs.',
  autoStart: true,
  optional: [ITranslator, ILayoutRestorer, ICommandPalette, ICatalogModel],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    catalog: ICatalogModel | null,
  ) => {
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    if (!hub) return;
    const trans = (translator ?? nullTranslator).load('styx');
    const fetch = hubFetch(hub, (input, init) => window.fetch(input, init));
    const model = new JobsModel({ processingUrl: `${hubServicesUrl(hub)}processing/`, fetch });
    // One click from a finished job to its results: the catalog panel searches the job's
    // results collection, the item is selected, the map opens on it.
    const showResults = catalog
      ? async (itemUrl: string) => {
          const response = await fetch(itemUrl, { headers: { accept: 'application/geo+json' } });
          if (!response.ok) throw new Error(`${itemUrl}: HTTP ${response.status}`);
          const item = (await response.json()) as StacItem;
          catalog.setQuery({
            collections: item.collection ? [item.collection] : [],
            q: '',
            start: '',
            end: '',
            bbox: null,
            filters: [],
          });
          await catalog.search();
          catalog.select(item, 'api');
          await app.commands.execute(CommandIDs.openCatalog);
          await app.commands.execute(CommandIDs.openMap);
          if (item.geometry) await app.commands.execute(CommandIDs.fitToResults);
        }
      : undefined;
    const panel = new JobsPanel(model, trans, showResults);
    panel.id = 'styx-jobs';
    panel.title.icon = runIcon;
    panel.title.caption = trans.__('Styx jobs');
    app.shell.add(panel, 'right', { rank: 150 });
    restorer?.add(panel, 'styx-jobs');
    void model.loadProcesses();

    app.commands.addCommand(CommandIDs.openJobs, {
      label: trans.__('Open the Styx Jobs'),
      caption: trans.__('Run processes on catalog data and follow your jobs'),
      icon: runIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    palette?.addItem({ command: CommandIDs.openJobs, category: 'Styx' });
  },
};
