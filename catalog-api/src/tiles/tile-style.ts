/** A tile request's query (titiler's names) turned into a TileStyle, with 400s that say what to fix. */

import { InvalidQueryError } from '../errors.js';
import type { TileQuery } from '../schemas/tiles.js';
import { GREY_LEVELS, namedColormap, parseColormap } from './colormaps.js';
import type { TileStyle } from './render-tile.js';

export function tileStyleOf(query: TileQuery, bands: number): TileStyle {
  const bidx = query.bidx === undefined ? 1 : Number(query.bidx);
  if (bidx > bands) {
    throw new InvalidQueryError(
      `bidx=${bidx}, but the COG has ${bands} band${bands === 1 ? '' : 's'}; give 1${bands > 1 ? ` to ${bands}` : ''}`,
    );
  }
  if (query.colormap !== undefined && query.colormap_name !== undefined) {
    throw new InvalidQueryError('give colormap or colormap_name, not both');
  }
  let rescale: [number, number] | undefined;
  if (query.rescale !== undefined) {
    const [min, max] = query.rescale.split(',').map(Number) as [number, number];
    if (!(min < max)) {
      throw new InvalidQueryError(`rescale=${query.rescale}: min must be smaller than max`);
    }
    rescale = [min, max];
  }
  const colors =
    query.colormap !== undefined
      ? parseColormap(query.colormap)
      : query.colormap_name !== undefined
        ? namedColormap(query.colormap_name)
        : GREY_LEVELS;
  const nodata =
    query.nodata === undefined
      ? undefined
      : query.nodata === 'nan'
        ? Number.NaN
        : Number(query.nodata);
  return { bidx, nodata, rescale, colors };
}
