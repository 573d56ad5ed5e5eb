import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { BasketView } from './basket-view.js';
import type { IBasketModel } from './tokens.js';

/**
 * The basket view: every asset in the user's basket with its size (and whether the catalog or
 * the file's server said it) and checksum, the total, and the downloads: one zip (with
 * progress), or a script that downloads the files itself (resumable, checked).
 */
export class BasketPanel extends ReactWidget {
  constructor(
    private readonly model: IBasketModel,
    private readonly trans: TranslationBundle,
  ) {
    super();
    this.addClass('styx-BasketPanel');
  }

  // Opening the view reads the basket again: another tab or a notebook may have changed it.
  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.model.refresh();
  }

  protected render(): React.ReactElement {
    return <BasketView model={this.model} trans={this.trans} />;
  }
}
