/**
 * The user's basket of catalog items and assets, kept by the catalog service: the model the
 * catalog panel's "Add to basket" buttons and the basket view share, and the basket view in the
 * right sidebar. The catalog tells users apart by their Hub token, so without a Hub there is
 * no basket and no model is provided.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { downloadIcon } from '@jupyterlab/ui-components';
import { BasketModel, BasketPanel, IBasketModel } from '../basket/index.js';
import { hubFetch, hubPageFrom, ICatalogModel } from '../catalog/index.js';
import { CommandIDs } from './command-ids.js';

export const basketModelPlugin: JupyterFrontEndPlugin<IBasketModel | null> = {
  id: '@styx/jupyterlab:basket-model',
  description: "The user's basket of items and assets to download, kept by the Styx catalog.",
  autoStart: true,
  requires: [ICatalogModel],
  provides: IBasketModel,
  activate: (_app: JupyterFrontEnd, catalog: ICatalogModel): IBasketModel | null => {
    const hub = hubPageFrom(
      (name) => PageConfig.getOption(name),
      PageConfig.getToken(),
      window.location.origin,
    );
    if (!hub) return null;
    const model = new BasketModel({
      catalogUrl: catalog.catalogUrl,
      fetch: hubFetch(hub, (input, init) => window.fetch(input, init)),
    });
    catalog.catalogChanged.connect((_, url) => model.setCatalogUrl(url));
    void model.refresh();
    return model;
  },
};

export const basketPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:basket',
  description: 'The basket view: sizes, checksums and total, and the zip or script downloads.',
  autoStart: true,
  optional: [IBasketModel, ITranslator, ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IBasketModel | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
  ) => {
    if (!model) return;
    const trans = (translator ?? nullTranslator).load('styx');
    const panel = new BasketPanel(model, trans);
    panel.id = 'styx-basket';
    panel.title.icon = downloadIcon;
    panel.title.caption = trans.__('Styx basket');
    app.shell.add(panel, 'right', { rank: 170 });
    restorer?.add(panel, 'styx-basket');

    app.commands.addCommand(CommandIDs.openBasket, {
      label: trans.__('Open the Styx Basket'),
      caption: trans.__('The items and assets you put aside to download'),
      icon: downloadIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    palette?.addItem({ command: CommandIDs.openBasket, category: 'Styx' });
  },
};
