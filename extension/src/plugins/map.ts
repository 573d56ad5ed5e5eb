/**
 * The map of search results, a main-area widget opened by `styx:open-map`, configured from the
 * `map` settings (an optional XYZ tile basemap under the offline Natural Earth one).
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ICatalogModel } from '../catalog/index.js';
import { styxMapIcon } from '../icons.js';
// Only the type: deck.gl and the basemap load with the first map, not with JupyterLab.
import type { MapWidget } from '../map/index.js';
import type { MapSettings } from '../settings/map-settings.js';
import { CommandIDs } from './command-ids.js';

export const mapPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:map',
  description: 'The Styx map: result footprints, selection, previews and a search rectangle.',
  autoStart: true,
  requires: [ICatalogModel],
  optional: [ITranslator, ISettingRegistry, ILayoutRestorer, ICommandPalette],
  activate: async (
    app: JupyterFrontEnd,
    model: ICatalogModel,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
  ) => {
    const trans = (translator ?? nullTranslator).load('styx');
    const tracker = new WidgetTracker<MainAreaWidget<MapWidget>>({ namespace: 'styx-map' });
    let settings: MapSettings = {};

    let opening: Promise<MainAreaWidget<MapWidget>> | null = null;
    const openMap = (): Promise<MainAreaWidget<MapWidget>> => {
      const existing = tracker.currentWidget;
      if (existing && !existing.isDisposed) {
        app.shell.activateById(existing.id);
        return Promise.resolve(existing);
      }
      // One map, even when several commands ask for it while its code is still loading.
      opening ??= createMap().finally(() => {
        opening = null;
      });
      return opening;
    };

    const createMap = async (): Promise<MainAreaWidget<MapWidget>> => {
      const { MapWidget } = await import('../map/index.js');
      const content = new MapWidget({
        model,
        translator: translator ?? nullTranslator,
        basemapUrl: settings.basemapUrl ?? null,
        ...(settings.maxFootprints === undefined ? {} : { maxFootprints: settings.maxFootprints }),
      });
      const widget = new MainAreaWidget({ content });
      widget.id = 'styx-map';
      widget.title.label = trans.__('Styx Map');
      widget.title.icon = styxMapIcon;
      widget.title.closable = true;
      void tracker.add(widget);
      app.shell.add(widget, 'main', { mode: 'split-right' });
      app.shell.activateById(widget.id);
      return widget;
    };

    app.commands.addCommand(CommandIDs.openMap, {
      label: trans.__('Open the Styx Map'),
      caption: trans.__('Show the search results on a map'),
      icon: styxMapIcon,
      execute: async () => {
        await openMap();
      },
    });
    app.commands.addCommand(CommandIDs.fitToResults, {
      label: trans.__('Zoom the Map to the Results'),
      isEnabled: () => model.results.items.length > 0,
      execute: async () => (await openMap()).content.fitToResults(),
    });
    // A drawn rectangle needs a map to draw on. A map opened here missed this very signal
    // (Lumino does not call handlers connected during an emit), so it is told directly.
    model.drawBboxRequested.connect(() => {
      void openMap().then((map) => map.content.startDrawBbox());
    });
    palette?.addItem({ command: CommandIDs.openMap, category: 'Styx' });
    palette?.addItem({ command: CommandIDs.fitToResults, category: 'Styx' });

    if (restorer) {
      void restorer.restore(tracker, { command: CommandIDs.openMap, name: () => 'styx-map' });
    }
    if (settingRegistry) {
      try {
        const loaded = await settingRegistry.load(mapPlugin.id);
        const apply = () => {
          settings = loaded.composite as MapSettings;
          tracker.forEach((widget) => {
            widget.content.setBasemapUrl(settings.basemapUrl ?? null);
            if (settings.maxFootprints !== undefined) {
              widget.content.setMaxFootprints(settings.maxFootprints);
            }
          });
        };
        apply();
        loaded.changed.connect(apply);
      } catch (error) {
        console.warn('Styx: could not load the map settings; using the defaults.', error);
      }
    }
  },
};
