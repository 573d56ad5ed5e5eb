import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../app-context.js';
import type { StacItem } from '../catalog/stac-types.js';
import { InvalidQueryError, NotFoundError } from '../errors.js';
import {
  AssetParams,
  TileErrors,
  TileJsonSchema,
  TileParams,
  TileQuery,
  TileResponses,
} from '../schemas/tiles.js';
import { urlFor } from '../stac/links.js';
import type { CogCache } from '../tiles/cog-cache.js';
import { RecentLookups } from '../tiles/recent-lookups.js';
import { renderTile } from '../tiles/render-tile.js';
import { tileStyleOf } from '../tiles/tile-style.js';
import { buildTileJson } from '../tiles/tilejson.js';
import { isValidTile, MAX_ZOOM } from '../tiles/web-mercator.js';

/** The members of a STAC asset the tiler reads. */
interface RasterAsset {
  href: string;
  type?: unknown;
  'file:checksum'?: unknown;
}

export interface TileRoutesOptions extends CatalogContext {
  cogs: CogCache;
}

/** How long a looked-up item serves its tiles before PgSTAC is asked again. */
const ITEM_TTL_MS = 5_000;

/** Tiles are immutable for a given file (the ETag says which); an hour spares the map refetches. */
const TILE_CACHE_CONTROL = 'public, max-age=3600';

/**
 * Map tiles of an item's COG asset in WebMercatorQuad, and their TileJSON: the dynamic tiling
 * titiler does for a STAC item's asset, with titiler's parameter names (bidx, rescale,
 * colormap_name, colormap, nodata). Read like the rest of the catalog: no token needed.
 */
export const tileRoutes: FastifyPluginAsyncTypebox<TileRoutesOptions> = async (app, ctx) => {
  const enc = encodeURIComponent;

  const items = new RecentLookups<StacItem>(ITEM_TTL_MS, 1024);

  async function cogOf(collectionId: string, itemId: string, assetKey: string) {
    const item = await items.get(`${collectionId}\n${itemId}`, () =>
      ctx.catalog.getItem(collectionId, itemId),
    );
    const assets = (item.assets ?? {}) as Record<string, RasterAsset | undefined>;
    const asset = assets[assetKey];
    if (!asset || typeof asset.href !== 'string') {
      const keys = Object.keys(assets);
      throw new NotFoundError(
        `item '${itemId}' has no asset '${assetKey}'${keys.length ? `; its assets are ${keys.map((k) => `'${k}'`).join(', ')}` : ''}`,
      );
    }
    if (typeof asset.type === 'string' && !/^image\/tiff\b/i.test(asset.type)) {
      throw new InvalidQueryError(
        `asset '${assetKey}' of item '${itemId}' is ${asset.type}, not a GeoTIFF; tiles are made from COG assets (image/tiff; application=geotiff)`,
      );
    }
    const checksum = asset['file:checksum'];
    const cog = await ctx.cogs.open(asset.href, typeof checksum === 'string' ? checksum : '');
    return { item, asset, cog };
  }

  app.get(
    '/tiles/:collectionId/:itemId/:assetKey/tilejson.json',
    {
      schema: {
        summary: "TileJSON of an item's COG asset",
        description:
          'TileJSON 3.0.0 for the WebMercatorQuad tiles of the asset: bounds, minzoom/maxzoom from its resolution and overviews, and the tiles URL template carrying the same query parameters.',
        tags: ['Tiles'],
        params: AssetParams,
        querystring: TileQuery,
        response: { 200: TileJsonSchema, ...TileErrors },
      },
    },
    async (request) => {
      const { collectionId, itemId, assetKey } = request.params;
      const { item, cog } = await cogOf(collectionId, itemId, assetKey);
      tileStyleOf(request.query, cog.bands); // the same 400s as the tiles would give
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query)) if (v !== undefined) query.set(k, v);
      const path = `tiles/${enc(collectionId)}/${enc(itemId)}/${enc(assetKey)}/{z}/{x}/{y}.png`;
      const title = (item.properties as { title?: unknown } | undefined)?.title;
      return buildTileJson(cog, {
        name: `${itemId} ${assetKey}`,
        ...(typeof title === 'string' ? { description: title } : {}),
        tileUrl: urlFor(ctx.baseUrl, path, query),
      });
    },
  );

  app.get(
    '/tiles/:collectionId/:itemId/:assetKey/:z/:x/:y',
    {
      schema: {
        summary: "A WebMercatorQuad map tile of an item's COG asset",
        description:
          'A 256×256 PNG, transparent outside the data and at nodata. A tile that does not touch the asset is a 404, as titiler answers; TileJSON bounds keep map clients from asking for one.',
        tags: ['Tiles'],
        params: TileParams,
        querystring: TileQuery,
        response: { ...TileResponses, ...TileErrors },
      },
    },
    async (request, reply) => {
      const { collectionId, itemId, assetKey } = request.params;
      const z = Number(request.params.z);
      const x = Number(request.params.x);
      const y = Number(request.params.y.slice(0, -'.png'.length));
      if (z > MAX_ZOOM) throw new InvalidQueryError(`zoom ${z} is too deep; give 0 to ${MAX_ZOOM}`);
      if (!isValidTile(z, x, y)) {
        throw new InvalidQueryError(
          `tile ${z}/${x}/${y} does not exist: at zoom ${z}, x and y run from 0 to ${2 ** z - 1}`,
        );
      }
      const { cog } = await cogOf(collectionId, itemId, assetKey);
      const style = tileStyleOf(request.query, cog.bands);
      const png = await renderTile(cog, z, x, y, style);
      if (!png) {
        throw new NotFoundError(
          `tile ${z}/${x}/${y} is outside the bounds of asset '${assetKey}' of item '${itemId}' (see its tilejson.json)`,
        );
      }
      const etag = `"${createHash('sha1').update(png).digest('base64url')}"`;
      reply.header('cache-control', TILE_CACHE_CONTROL).header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
      // The schema's binary string is a Buffer on the wire; fastify sends bytes as they are.
      return reply.type('image/png').send(png as unknown as string);
    },
  );
};
