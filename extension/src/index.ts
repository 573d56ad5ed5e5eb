/**
 * @styx/jupyterlab: small plugins joined by tokens. The catalog model is provided once; the
 * panel, the map and the drop handlers each wire one feature of the library code.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { basketModelPlugin, basketPlugin } from './plugins/basket.js';
import { catalogPlugin } from './plugins/catalog.js';
import { dropPlugin } from './plugins/drop.js';
import { environmentsPlugin } from './plugins/environments.js';
import { healthModelPlugin, healthPlugin } from './plugins/health.js';
import { jobsPlugin } from './plugins/jobs.js';
import { kernelPlacementPlugin } from './plugins/kernels.js';
import { mapPlugin } from './plugins/map.js';
import { mountsModelPlugin, mountsPlugin } from './plugins/mounts.js';
import { panelPlugin } from './plugins/panel.js';

export { IBasketModel } from './basket/index.js';
export { ICatalogModel } from './catalog/index.js';
export { IHealthModel } from './health/index.js';
export { IMountsModel } from './mounts/index.js';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  catalogPlugin,
  panelPlugin,
  mapPlugin,
  dropPlugin,
  jobsPlugin,
  mountsModelPlugin,
  mountsPlugin,
  basketModelPlugin,
  basketPlugin,
  kernelPlacementPlugin,
  healthModelPlugin,
  healthPlugin,
  environmentsPlugin,
];
export default plugins;
