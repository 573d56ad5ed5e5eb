import type { TranslationBundle } from '@jupyterlab/translation';
import type { IBasketModel } from '../basket/index.js';
import type { ICatalogModel } from '../catalog/index.js';
import type { IMountsModel } from '../mounts/index.js';
import type { StartDrag } from './drag-source.js';

/** What every part of the catalog panel renders from. */
export interface SectionProps {
  model: ICatalogModel;
  trans: TranslationBundle;
  /** Absent: nothing in the panel can be dragged. */
  startDrag: StartDrag | undefined;
  /**
   * Cleans HTML built from catalog text before it is rendered (JupyterLab's Sanitizer in the
   * panel): stac-fields escapes values but writes links with any scheme, `javascript:` too.
   */
  sanitize: (html: string) => string;
  /** The user's dataset mounts; absent: no Mount / Unmount buttons. */
  mounts?: IMountsModel | undefined;
  /** The user's basket; absent: no "Add to basket" buttons. */
  basket?: IBasketModel | undefined;
}
