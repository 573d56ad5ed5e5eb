import { type Static, Type } from 'typebox';
import { ErrorSchema, LinkSchema } from './stac.js';

/**
 * The /basket routes: a user's basket of items and assets to download, and the downloads
 * (zip, curl script, Python script). Defined once for validation, types and the OpenAPI document.
 */

const Id = (what: string) =>
  Type.String({ minLength: 1, maxLength: 1024, description: `the ${what}'s id` });
const AssetKey = Type.String({ minLength: 1, maxLength: 256, description: "an asset's key" });

export const AddToBasketBody = Type.Object(
  {
    collection: Id('collection'),
    item: Id('item'),
    assets: Type.Optional(
      Type.Array(AssetKey, {
        minItems: 1,
        maxItems: 1000,
        uniqueItems: true,
        description: 'only these assets of the item; leave it out for the whole item',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AddToBasketBody = Static<typeof AddToBasketBody>;

export const BasketItemParams = Type.Object({
  collectionId: Id('collection'),
  itemId: Id('item'),
});
export const BasketAssetParams = Type.Object({
  collectionId: Id('collection'),
  itemId: Id('item'),
  assetKey: AssetKey,
});

export const BasketEntrySchema = Type.Object({
  collection: Type.String(),
  item: Type.String(),
  asset: Type.Union([Type.String(), Type.Null()], {
    description: 'the asset key, or null for the whole item (all its assets)',
  }),
  addedAt: Type.String({ format: 'date-time' }),
});

export const SIZE_SOURCES = ['file:size', 'content-length'] as const;

export const BasketAssetSchema = Type.Object({
  collection: Type.String(),
  item: Type.String(),
  asset: Type.String({ description: "the asset's key in its item" }),
  href: Type.String(),
  title: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  path: Type.String({
    description: 'where downloads put it: <collection>/<item>/<file>, made safe as a file path',
  }),
  size: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'in bytes' }),
  sizeSource: Type.Union([Type.Enum([...SIZE_SOURCES]), Type.Null()], {
    description:
      "where the size comes from: the item's file:size, or the Content-Length of a HEAD on the href (null: unknown)",
  }),
  checksum: Type.Union([Type.String(), Type.Null()], {
    description: "the item's file:checksum (a multihash, in hex), or null when it has none",
  }),
  checksumAlgorithm: Type.Union([Type.Enum(['md5', 'sha1', 'sha256', 'sha512']), Type.Null()], {
    description: 'the hash the checksum is made with, when downloads can check it',
  }),
  downloadable: Type.Boolean({ description: 'whether the zip and the scripts include it' }),
  reason: Type.Optional(Type.String({ description: 'why it is not downloadable' })),
});
export type BasketAsset = Static<typeof BasketAssetSchema>;

export const MissingEntrySchema = Type.Object({
  collection: Type.String(),
  item: Type.String(),
  asset: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
});
export type MissingEntry = Static<typeof MissingEntrySchema>;

export const BasketSchema = Type.Object({
  owner: Type.String({ description: 'whose basket this is' }),
  entries: Type.Array(BasketEntrySchema, { description: 'what was added, in order' }),
  assets: Type.Array(BasketAssetSchema, { description: 'every asset those entries stand for' }),
  missing: Type.Array(MissingEntrySchema, {
    description: 'entries whose item or asset has left the catalog since',
  }),
  total: Type.Object({
    assets: Type.Integer({ description: 'downloadable assets' }),
    bytes: Type.Integer({ description: 'their size, counting those whose size is known' }),
    unknownSizes: Type.Integer({ description: 'downloadable assets of unknown size' }),
  }),
  links: Type.Array(LinkSchema),
});
export type Basket = Static<typeof BasketSchema>;

export const ClearedSchema = Type.Object({ removed: Type.Integer() });

export { ErrorSchema };
