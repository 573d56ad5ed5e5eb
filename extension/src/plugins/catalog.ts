/**
 * Provides the catalog model, configured from the `catalog` settings. The model is created
 * once and shared: the panel, the map and the drop handlers all read the same selection.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  CatalogModel,
  catalogUrlFor,
  hubFetch,
  hubPageFrom,
  ICatalogModel,
} from '../catalog/index.js';
import type { CatalogSettings } from '../settings/catalog-settings.js';

export const catalogPlugin: JupyterFrontEndPlugin<ICatalogModel> = {
  id: '@styx/jupyterlab:catalog',
  description: 'The Styx catalog model: collections, item search and the shared selection.',
  autoStart: true,
  provides: ICatalogModel,
  optional: [ISettingRegistry],
  activate: async (_app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null) => {
    // Under JupyterHub: the catalog service through the Hub, with this JupyterLab's own token.
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    const model = new CatalogModel({
      catalogUrl: catalogUrlFor('', hub),
      ...(hub ? { fetch: hubFetch(hub, (input, init) => window.fetch(input, init)) } : {}),
    });
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(catalogPlugin.id);
        const apply = () => {
          const composite = settings.composite as CatalogSettings;
          model.pageSize = composite.pageSize ?? 200;
          model.setCatalogUrl(catalogUrlFor(composite.catalogUrl, hub));
        };
        apply();
        settings.changed.connect(apply);
      } catch (error) {
        console.warn('Styx: could not load the catalog settings; using the defaults.', error);
      }
    }
    return model;
  },
};
