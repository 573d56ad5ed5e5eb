/**
 * Provides the catalog model, configured from the `catalog` settings. The model is created
 * once and shared: the panel, the map and the drop handlers all read the same selection.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { CatalogModel, ICatalogModel } from '../catalog/index.js';
import type { CatalogSettings } from '../settings/catalog-settings.js';

/** The local Styx catalog that `npm start` runs. */
export const DEFAULT_CATALOG_URL = 'http://127.0.0.1:8081/';

export const catalogPlugin: JupyterFrontEndPlugin<ICatalogModel> = {
  id: '@styx/jupyterlab:catalog',
  description: 'The Styx catalog model: collections, item search and the shared selection.',
  autoStart: true,
  provides: ICatalogModel,
  optional: [ISettingRegistry],
  activate: async (_app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null) => {
    const model = new CatalogModel({ catalogUrl: DEFAULT_CATALOG_URL });
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(catalogPlugin.id);
        const apply = () => {
          const composite = settings.composite as CatalogSettings;
          model.pageSize = composite.pageSize ?? 200;
          model.setCatalogUrl(composite.catalogUrl?.trim() || DEFAULT_CATALOG_URL);
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
