/**
 * The user's basket of catalog items and assets (kept by the catalog): the client, the model,
 * the basket view, the panel's "Add to basket" button, and the pure formatting they share.
 */
export { BasketButton, type BasketButtonProps } from './basket-button.js';
export { BasketClient, BasketRequestError } from './basket-client.js';
export { assetSizeText, checksumText, inBasket, progressText, totalText } from './basket-format.js';
export { BasketModel, basketKey } from './basket-model.js';
export { BasketPanel } from './basket-panel.js';
export { BasketView } from './basket-view.js';
export {
  type DownloadSink,
  memorySink,
  type StreamProgress,
  streamWithProgress,
} from './download-stream.js';
export { IBasketModel } from './tokens.js';
export type * from './types.js';
