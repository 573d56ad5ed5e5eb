export {
  decodeNaturalEarth,
  FINE_BASEMAP_ZOOM,
  isTileUrlTemplate,
  loadNaturalEarth,
  type NaturalEarth,
  type NaturalEarthScale,
  naturalEarthLayers,
  naturalEarthScaleFor,
  tileBasemapLayer,
  tileUrls,
} from './basemap.js';
export {
  COG_TILES_LAYER_ID,
  type CogTileSource,
  cogTileLayer,
  cogTileSource,
  colourQuery,
  fetchTileJson,
  type TileJson,
} from './cog-tiles.js';
export {
  bboxOf,
  buildFootprints,
  type FootprintBinary,
  type Footprints,
  footprintFeatures,
  isConvexRing,
  itemBounds,
} from './footprints.js';
export {
  FOOTPRINT_FILL_ALPHA,
  FOOTPRINTS_LAYER_ID,
  footprintLayer,
  MARKERS_LAYER_ID,
  naiveFootprintLayer,
  OUTLINE_LIMIT,
} from './layers.js';
export {
  DEFAULT_MAP_COLORS,
  type MapColors,
  parseCssColor,
  type Rgba,
  readMapColors,
} from './map-colors.js';
export { DEFAULT_MAX_FOOTPRINTS, MapWidget } from './map-widget.js';
export { type PreviewImage, previewImage } from './preview.js';
export { containsBbox, sameBbox, viewBbox, viewStateToFit, WORLD_VIEW } from './view.js';
