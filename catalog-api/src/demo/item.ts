/** Assembles STAC items so that derived fields (bbox, stac_extensions) are always computed. */

import { geometryBBox, roundPosition } from './geo.js';
import { extensionsUsedBy } from './stac-extensions.js';
import type { Geometry, StacAsset, StacItem, StacItemProperties } from './stac-types.js';

function rounded(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: roundPosition(geometry.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map(roundPosition) };
    case 'Polygon':
      return {
        type: 'Polygon',
        coordinates: geometry.coordinates.map((ring) => ring.map(roundPosition)),
      };
  }
}

export function buildItem(input: {
  id: string;
  collection: string;
  geometry: Geometry;
  properties: StacItemProperties;
  assets: Record<string, StacAsset>;
}): StacItem {
  const geometry = rounded(input.geometry);
  const item: StacItem = {
    type: 'Feature',
    stac_version: '1.0.0',
    stac_extensions: [],
    id: input.id,
    collection: input.collection,
    geometry,
    bbox: geometryBBox(geometry),
    properties: input.properties,
    links: [],
    assets: input.assets,
  };
  item.stac_extensions = extensionsUsedBy(item);
  return item;
}
