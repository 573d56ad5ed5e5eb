import { StyxError } from '../errors.js';

/** The asset exists but is not something the tiler can read (not a GeoTIFF, an unknown CRS). */
export class UnreadableAssetError extends StyxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(422, 'UnprocessableAsset', message, options);
  }
}

/** The asset's file could not be fetched from where its href points. */
export class AssetFetchError extends StyxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(502, 'AssetUnavailable', message, options);
  }
}
