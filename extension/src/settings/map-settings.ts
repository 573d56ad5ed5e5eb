/* Generated from schema/map.json by tools/settings-types.ts; do not edit. */

/**
 * An XYZ tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png, drawn under the offline Natural Earth basemap's outlines. Empty or null: the offline basemap alone.
 */
export type XYZTileBasemapURL = string | null;
/**
 * Results beyond this many are listed but not drawn.
 */
export type MostFootprintsDrawn = number;

/**
 * The Styx map of search results.
 */
export interface MapSettings {
  basemapUrl?: XYZTileBasemapURL;
  maxFootprints?: MostFootprintsDrawn;
}
