/**
 * "Add to basket" / "In basket" on an item or an asset in the catalog panel. Shown only when
 * the panel has a basket model (the catalog knows who the user is, under JupyterHub).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import { inBasket } from './basket-format.js';
import { basketKey } from './basket-model.js';
import type { IBasketModel } from './tokens.js';

export interface BasketButtonProps {
  basket: IBasketModel;
  trans: TranslationBundle;
  collection: string | undefined;
  item: string;
  /** One asset of the item; absent: the whole item. */
  asset?: string;
}

export function BasketButton(props: BasketButtonProps): React.ReactElement | null {
  const { basket, trans, collection, item, asset } = props;
  useSignal(basket.changed);
  const [failure, setFailure] = React.useState<string | null>(null);
  if (!collection) return null; // an item outside any collection cannot be named to the catalog
  const present = inBasket(basket.basket, collection, item, asset);
  const busy = basket.pending.has(basketKey(collection, item, asset));
  const act = (event: React.MouseEvent) => {
    event.stopPropagation();
    setFailure(null);
    const work = present
      ? asset === undefined
        ? basket.removeItem(collection, item)
        : basket.removeAsset(collection, item, asset)
      : basket.add(collection, item, asset === undefined ? undefined : [asset]);
    work.catch((error: Error) => setFailure(error.message));
  };
  return (
    <span className="styx-BasketAction">
      <button
        type="button"
        className={`styx-Button ${present ? 'styx-RemoveFromBasket' : 'styx-AddToBasket'}`}
        title={
          present
            ? trans.__('In your basket; click to take it out')
            : asset === undefined
              ? trans.__('Add every asset of this item to your basket, to download later')
              : trans.__('Add this asset to your basket, to download later')
        }
        disabled={busy}
        // Clicks and drags on the button are its own, not the row's (select, drag).
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
        onClick={act}
      >
        {present ? trans.__('In basket ✓') : trans.__('Add to basket')}
      </button>
      {failure && (
        <span className="styx-BasketFailure" role="alert">
          {failure}
        </span>
      )}
    </span>
  );
}
