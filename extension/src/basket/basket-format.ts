import type { TranslationBundle } from '@jupyterlab/translation';
import { formatFileSize } from '../panel/stac-format.js';
import type { Basket, BasketAsset, DownloadProgress } from './types.js';

/** The size of an asset and where it comes from, for the basket view. */
export function assetSizeText(asset: BasketAsset, trans: TranslationBundle): string {
  if (asset.size === null) return trans.__('size unknown');
  const size = formatFileSize(asset.size);
  return asset.sizeSource === 'content-length'
    ? trans.__('%1 (from the server)', size)
    : trans.__('%1 (from the catalog)', size);
}

/** A checksum shortened for a row ("sha256 9f86d081…"), or what there is instead. */
export function checksumText(asset: BasketAsset, trans: TranslationBundle): string {
  if (!asset.checksum) return trans.__('no checksum');
  const digest = asset.checksumAlgorithm ? asset.checksum.slice(4) : asset.checksum;
  return `${asset.checksumAlgorithm ?? trans.__('multihash')} ${digest.slice(0, 12)}…`;
}

/** "3 files, 1.2 MB (+1 of unknown size)". */
export function totalText(basket: Basket, trans: TranslationBundle): string {
  const { assets, bytes, unknownSizes } = basket.total;
  const files = trans._n('%1 file', '%1 files', assets);
  const extra = unknownSizes > 0 ? trans.__(' (+%1 of unknown size)', unknownSizes) : '';
  return `${files}, ${formatFileSize(bytes)}${extra}`;
}

/** "1.2 MB of 3.4 MB (35%)", or the bytes alone without a total. */
export function progressText(progress: DownloadProgress, trans: TranslationBundle): string {
  const received = formatFileSize(progress.received);
  if (progress.state === 'failed') return progress.error ?? trans.__('the download failed');
  if (progress.state === 'cancelled') return trans.__('cancelled at %1', received);
  if (progress.total === null || progress.total === 0) return received;
  const percent = Math.floor((progress.received * 100) / progress.total);
  return trans.__('%1 of %2 (%3%)', received, formatFileSize(progress.total), percent);
}

/** Whether this asset (or its whole item) is in the basket. */
export function inBasket(
  basket: Basket | null,
  collection: string,
  item: string,
  asset?: string,
): boolean {
  if (!basket) return false;
  return basket.entries.some(
    (e) =>
      e.collection === collection &&
      e.item === item &&
      (asset === undefined ? e.asset === null : e.asset === null || e.asset === asset),
  );
}
