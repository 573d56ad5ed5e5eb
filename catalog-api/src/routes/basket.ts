import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import {
  AssetAccess,
  AssetSizeCache,
  BasketStore,
  basketZip,
  buildPythonScript,
  buildShellScript,
  type LocalAssetRoot,
  resolveBasket,
  scriptFiles,
} from '../basket/index.js';
import { NotFoundError } from '../errors.js';
import {
  AddToBasketBody,
  type Basket,
  BasketAssetParams,
  BasketItemParams,
  BasketSchema,
  ClearedSchema,
  ErrorSchema,
} from '../schemas/basket.js';
import { MEDIA, urlFor } from '../stac/links.js';

export interface BasketRouteOptions extends CatalogContext {
  /** URL prefixes the catalog serves from its own folders (the demo's files): read from disk. */
  localAssets: LocalAssetRoot[];
  /** The network seam for HEAD/GET of remote assets (tests); default: fetch. */
  fetch?: typeof fetch;
}

const TAGS = ['Basket'];
const SECURITY = [{ bearerAuth: [] }];
const ERRORS = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/**
 * `/basket`: each user's own basket of items and assets, and its downloads. The owner is the
 * Hub user (or service) of the request's token, never anything the request says: one user can
 * neither read nor change another's basket. Without credentials, 401.
 */
export const basketRoutes: FastifyPluginAsyncTypebox<BasketRouteOptions> = async (app, ctx) => {
  const store = new BasketStore(ctx.catalog.db);
  await store.ensureSchema();
  const access = new AssetAccess({
    localRoots: ctx.localAssets,
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  const sizes = new AssetSizeCache((href) => access.probeSize(href));
  const base = ctx.baseUrl;
  const authenticated = app.requireScopes([]);

  const ownerOf = async (request: FastifyRequest) => {
    const identity = await request.identity();
    // requireScopes has already refused a request without one.
    if (!identity) throw new Error('basket reached without an identity');
    return { key: `${identity.kind}:${identity.name}`, name: identity.name };
  };

  const basketOf = async (owner: { key: string; name: string }): Promise<Basket> => {
    const entries = await store.list(owner.key);
    const { assets, missing } = await resolveBasket(entries, ctx.catalog, access, sizes);
    const downloadable = assets.filter((a) => a.downloadable);
    return {
      owner: owner.name,
      entries,
      assets,
      missing,
      total: {
        assets: downloadable.length,
        bytes: downloadable.reduce((sum, a) => sum + (a.size ?? 0), 0),
        unknownSizes: downloadable.filter((a) => a.size === null).length,
      },
      links: [
        { rel: 'self', type: MEDIA.json, href: urlFor(base, 'basket') },
        {
          rel: 'enclosure',
          type: 'application/zip',
          href: urlFor(base, 'basket/download.zip'),
          title: 'every asset in one zip, with a manifest and SHA256SUMS',
        },
        {
          rel: 'alternate',
          type: 'text/x-shellscript',
          href: urlFor(base, 'basket/download.sh'),
          title: 'a bash script that downloads them with curl (resumable)',
        },
        {
          rel: 'alternate',
          type: 'text/x-python',
          href: urlFor(base, 'basket/download.py'),
          title: 'a Python script that downloads them (resumable)',
        },
      ],
    };
  };

  app.get(
    '/basket',
    {
      onRequest: authenticated,
      schema: {
        summary: 'Your basket: its assets with size and checksum, and the total',
        tags: TAGS,
        security: SECURITY,
        response: { 200: BasketSchema, ...ERRORS },
      },
    },
    async (request) => basketOf(await ownerOf(request)),
  );

  app.post(
    '/basket/items',
    {
      onRequest: authenticated,
      schema: {
        summary: 'Add an item (all its assets) or some of its assets to your basket',
        tags: TAGS,
        security: SECURITY,
        body: AddToBasketBody,
        response: { 200: BasketSchema, ...ERRORS },
      },
    },
    async (request) => {
      const owner = await ownerOf(request);
      const { collection, item, assets } = request.body;
      // 404 for a collection or item the catalog does not have.
      const stac = await ctx.catalog.getItem(collection, item);
      if (assets) {
        const keys = Object.keys(stac.assets ?? {});
        const unknown = assets.filter((key) => !keys.includes(key));
        if (unknown.length > 0) {
          throw new NotFoundError(
            `item '${item}' has no asset ${unknown.map((k) => `'${k}'`).join(', ')}; its assets are ${keys.map((k) => `'${k}'`).join(', ') || 'none'}`,
          );
        }
        await store.addAssets(owner.key, collection, item, assets);
      } else {
        await store.addItem(owner.key, collection, item);
      }
      return basketOf(owner);
    },
  );

  app.delete(
    '/basket/items/:collectionId/:itemId',
    {
      onRequest: authenticated,
      schema: {
        summary: 'Remove an item, and any of its assets, from your basket',
        tags: TAGS,
        security: SECURITY,
        params: BasketItemParams,
        response: { 200: BasketSchema, ...ERRORS },
      },
    },
    async (request) => {
      const owner = await ownerOf(request);
      const { collectionId, itemId } = request.params;
      if (!(await store.removeItem(owner.key, collectionId, itemId))) {
        throw new NotFoundError(`item '${itemId}' of '${collectionId}' is not in your basket`);
      }
      return basketOf(owner);
    },
  );

  app.delete(
    '/basket/items/:collectionId/:itemId/assets/:assetKey',
    {
      onRequest: authenticated,
      schema: {
        summary: 'Remove one asset from your basket (the rest of its item stays)',
        tags: TAGS,
        security: SECURITY,
        params: BasketAssetParams,
        response: { 200: BasketSchema, ...ERRORS },
      },
    },
    async (request) => {
      const owner = await ownerOf(request);
      const { collectionId, itemId, assetKey } = request.params;
      // The item's asset keys now, in case the whole item is in the basket; a removed item has
      // none, and then only an asset entry of its own can go.
      const keys = await ctx.catalog
        .getItem(collectionId, itemId)
        .then((i) => Object.keys(i.assets ?? {}))
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return [] as string[];
          throw error;
        });
      if (!(await store.removeAsset(owner.key, collectionId, itemId, assetKey, keys))) {
        throw new NotFoundError(
          `asset '${assetKey}' of item '${itemId}' ('${collectionId}') is not in your basket`,
        );
      }
      return basketOf(owner);
    },
  );

  app.delete(
    '/basket',
    {
      onRequest: authenticated,
      schema: {
        summary: 'Empty your basket',
        tags: TAGS,
        security: SECURITY,
        response: { 200: ClearedSchema, ...ERRORS },
      },
    },
    async (request) => ({ removed: await store.clear((await ownerOf(request)).key) }),
  );

  // The bodies are a zip or a script, not JSON: sent as they are, never serialised.
  const download = (summary: string, body: string) => ({
    onRequest: authenticated,
    schema: {
      summary,
      tags: TAGS,
      security: SECURITY,
      response: { 200: Type.Any({ description: body }), ...ERRORS },
    },
  });
  const contextFor = (owner: { name: string }) => ({
    owner: owner.name,
    catalogUrl: base,
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  });

  app.get(
    '/basket/download.zip',
    download(
      'Every downloadable asset of your basket as one zip, streamed',
      'application/zip: manifest.json, <collection>/<item>/<file> for each asset, SHA256SUMS',
    ),
    async (request, reply) => {
      const owner = await ownerOf(request);
      const basket = await basketOf(owner);
      const zip = basketZip(
        basket.assets,
        basket.missing,
        (href) => access.open(href),
        contextFor(owner),
      );
      zip.stream.on('error', (error) => request.log.warn({ err: error }, 'basket zip failed'));
      reply
        .type('application/zip')
        .header('content-disposition', 'attachment; filename="styx-basket.zip"')
        .header('cache-control', 'no-store');
      if (zip.size !== undefined) reply.header('content-length', zip.size);
      return reply.send(zip.stream);
    },
  );

  app.get(
    '/basket/download.sh',
    download(
      'A bash script that downloads your basket with curl (resumable, checked)',
      'text/x-shellscript',
    ),
    async (request, reply) => {
      const owner = await ownerOf(request);
      const basket = await basketOf(owner);
      return reply
        .type('text/x-shellscript; charset=utf-8')
        .header('content-disposition', 'attachment; filename="download.sh"')
        .header('cache-control', 'no-store')
        .send(buildShellScript(scriptFiles(basket.assets), contextFor(owner)));
    },
  );

  app.get(
    '/basket/download.py',
    download(
      'A Python script (standard library) that downloads your basket (resumable, checked)',
      'text/x-python',
    ),
    async (request, reply) => {
      const owner = await ownerOf(request);
      const basket = await basketOf(owner);
      return reply
        .type('text/x-python; charset=utf-8')
        .header('content-disposition', 'attachment; filename="download.py"')
        .header('cache-control', 'no-store')
        .send(buildPythonScript(scriptFiles(basket.assets), contextFor(owner)));
    },
  );
};
