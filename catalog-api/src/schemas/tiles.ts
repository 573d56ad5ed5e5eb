import { type Static, Type } from 'typebox';
import { COLORMAP_NAMES } from '../tiles/colormaps.js';
import { ErrorSchema } from './stac.js';

/**
 * The /tiles routes (map tiles of an item's COG asset, titiler's parameters): requests and
 * responses, defined once for validation, types and the OpenAPI document. Path and query values
 * arrive as strings (the app does not coerce), so numbers are validated by pattern here and
 * parsed in the route.
 */

const NUMBER = '-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?';

const assetParams = {
  collectionId: Type.String({ minLength: 1 }),
  itemId: Type.String({ minLength: 1 }),
  assetKey: Type.String({
    minLength: 1,
    description: "the key of a COG asset in the item's assets",
  }),
};

export const AssetParams = Type.Object(assetParams);

export const TileParams = Type.Object({
  ...assetParams,
  z: Type.String({ pattern: '^\\d{1,2}$', description: 'zoom level, 0 to 24' }),
  x: Type.String({ pattern: '^\\d{1,8}$', description: 'tile column, 0 to 2^z - 1' }),
  y: Type.String({
    pattern: '^\\d{1,8}\\.png$',
    description: 'tile row, 0 to 2^z - 1, then .png',
  }),
});

export const TileQuery = Type.Object(
  {
    bidx: Type.Optional(
      Type.String({
        pattern: '^[1-9]\\d{0,3}$',
        description: 'the band to show, 1-based; default 1',
      }),
    ),
    rescale: Type.Optional(
      Type.String({
        pattern: `^${NUMBER},${NUMBER}$`,
        description:
          "'min,max': values from min to max are stretched over the colour map; default: values as they are, 0 to 255",
      }),
    ),
    colormap_name: Type.Optional(
      Type.Enum([...COLORMAP_NAMES], {
        description:
          'a named colour map: viridis, greys, greys_r, or watermask (0 land transparent, 1 water blue, 2 cloud white); default: grey levels',
      }),
    ),
    colormap: Type.Optional(
      Type.String({
        description:
          "a JSON object from pixel value (0–255, after rescale) to colour ('#rrggbb', '#rrggbbaa' or [r,g,b,a]); values it does not list are transparent",
      }),
    ),
    nodata: Type.Optional(
      Type.String({
        pattern: `^(${NUMBER}|nan)$`,
        description:
          "the value that marks missing pixels (shown transparent), or 'nan'; default: the file's",
      }),
    ),
  },
  { additionalProperties: false },
);

export type TileQuery = Static<typeof TileQuery>;

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0), the members we fill. */
export const TileJsonSchema = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  scheme: Type.Literal('xyz'),
  tiles: Type.Array(Type.String()),
  minzoom: Type.Integer({ minimum: 0, maximum: 30 }),
  maxzoom: Type.Integer({ minimum: 0, maximum: 30 }),
  bounds: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  center: Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }),
});

/**
 * A tile's body (a PNG), and the empty answer to a matching If-None-Match. Declared per media
 * type, so that the OpenAPI document gives image/png for tiles and JSON for their errors.
 */
export const TileResponses = {
  200: {
    description: 'a 256×256 PNG',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  },
  304: { description: 'the tile is unchanged (If-None-Match)', type: 'null' },
} as const;

export const TileErrors = {
  400: ErrorSchema,
  404: ErrorSchema,
  422: ErrorSchema,
  502: ErrorSchema,
};
