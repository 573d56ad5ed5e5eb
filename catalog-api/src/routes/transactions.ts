import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import type { StacCollection, StacItem } from '../catalog/stac-types.js';
import { InvalidQueryError, NotFoundError } from '../errors.js';
import { loadItems } from '../loader/item-loader.js';
import { requireCatalogWrite } from '../plugins/write-auth.js';
import {
  BulkItemsSchema,
  CollectionIdParams,
  CollectionSchema,
  ItemCollectionInputSchema,
  ItemIdParams,
  ItemSchema,
} from '../schemas/stac.js';
import { checkItemForWrite } from '../stac/item-validation.js';
import { collectionLinks, itemPath, mergeLinks, urlFor } from '../stac/links.js';
import { mergePatch } from '../stac/merge-patch.js';

const MergePatchSchema = Type.Object({}, { additionalProperties: true });

/**
 * Transactions (STAC API Transaction extension; OGC API Features Part 4 simple transactions)
 * on collections and items, and the bulk items endpoint of the Bulk Transactions extension.
 * Every route needs the catalog's write scope (see plugins/write-auth.ts).
 */
export const transactionRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.addHook('onRequest', requireCatalogWrite(app, ctx.writesEnabled));
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'ignore'),
  );
  const security = [{ bearerAuth: [] }];

  /** The path id wins; a body naming another one is a mistake worth a 400. */
  const sameId = (what: string, path: string, body: string | undefined) => {
    if (body !== undefined && body !== path) {
      throw new InvalidQueryError(
        `the ${what} id in the body ('${body}') differs from the URL ('${path}')`,
      );
    }
  };
  /** After any write: cached queryables and PgSTAC's cached counts may be stale. */
  const changed = async () => {
    ctx.search.invalidate();
    await ctx.catalog.invalidateCounts();
  };

  app.post(
    '/collections',
    {
      schema: {
        summary: 'Create a collection',
        tags: ['Transactions'],
        body: CollectionSchema,
        security,
      },
    },
    async (request, reply) => {
      const collection = request.body as StacCollection;
      await ctx.catalog.createCollection(collection);
      await changed();
      const created = await ctx.catalog.getCollection(collection.id);
      return reply
        .status(201)
        .header('location', urlFor(base, `collections/${encodeURIComponent(collection.id)}`))
        .send({ ...created, links: mergeLinks(created.links, collectionLinks(base, created.id)) });
    },
  );

  app.put(
    '/collections/:collectionId',
    {
      schema: {
        summary: 'Replace a collection',
        tags: ['Transactions'],
        params: CollectionIdParams,
        body: CollectionSchema,
        security,
      },
    },
    async (request, reply) => {
      const collection = request.body as StacCollection;
      sameId('collection', request.params.collectionId, collection.id);
      await ctx.catalog.updateCollection(collection);
      await changed();
      return reply.status(204).send();
    },
  );

  app.delete(
    '/collections/:collectionId',
    {
      schema: {
        summary: 'Delete a collection and its items',
        tags: ['Transactions'],
        params: CollectionIdParams,
        security,
      },
    },
    async (request, reply) => {
      await ctx.catalog.deleteCollection(request.params.collectionId);
      await changed();
      return reply.status(204).send();
    },
  );

  app.post(
    '/collections/:collectionId/items',
    {
      schema: {
        summary: 'Create an item, or many from a FeatureCollection',
        tags: ['Transactions'],
        params: CollectionIdParams,
        body: Type.Union([ItemSchema, ItemCollectionInputSchema]),
        security,
      },
    },
    async (request, reply) => {
      const { collectionId } = request.params;
      await ctx.catalog.getCollection(collectionId);
      const body = request.body as StacItem | { type: 'FeatureCollection'; features: StacItem[] };
      if (body.type === 'FeatureCollection') {
        const items = (body.features as StacItem[]).map((item) => {
          sameId('collection', collectionId, item.collection);
          return { ...item, collection: collectionId };
        });
        const result = await loadItems(ctx.catalog.db, items, 'insert');
        await changed();
        return reply.status(201).send({ loaded: result.loaded });
      }
      const item = body as StacItem;
      sameId('collection', collectionId, item.collection);
      checkItemForWrite(item);
      await ctx.catalog.createItem({ ...item, collection: collectionId });
      await changed();
      const created = await ctx.catalog.getItem(collectionId, item.id);
      return reply
        .status(201)
        .header('location', urlFor(base, itemPath(collectionId, item.id)))
        .type('application/geo+json')
        .send(ctx.search.presentItem(created));
    },
  );

  app.put(
    '/collections/:collectionId/items/:itemId',
    {
      schema: {
        summary: 'Replace an item',
        tags: ['Transactions'],
        params: ItemIdParams,
        body: ItemSchema,
        security,
      },
    },
    async (request, reply) => {
      const { collectionId, itemId } = request.params;
      const item = request.body as StacItem;
      sameId('collection', collectionId, item.collection);
      sameId('item', itemId, item.id);
      checkItemForWrite(item);
      await ctx.catalog.getItem(collectionId, itemId);
      await ctx.catalog.updateItem({ ...item, collection: collectionId });
      await changed();
      return reply.status(204).send();
    },
  );

  app.patch(
    '/collections/:collectionId/items/:itemId',
    {
      schema: {
        summary: 'Update an item with a JSON Merge Patch (RFC 7396)',
        tags: ['Transactions'],
        params: ItemIdParams,
        body: MergePatchSchema,
        security,
      },
    },
    async (request, reply) => {
      const { collectionId, itemId } = request.params;
      const current = await ctx.catalog.getItem(collectionId, itemId);
      const patched = mergePatch(current, request.body) as StacItem;
      sameId('item', itemId, patched.id);
      sameId('collection', collectionId, patched.collection);
      checkItemForWrite(patched);
      await ctx.catalog.updateItem(patched);
      await changed();
      return reply.status(204).send();
    },
  );

  app.delete(
    '/collections/:collectionId/items/:itemId',
    {
      schema: { summary: 'Delete an item', tags: ['Transactions'], params: ItemIdParams, security },
    },
    async (request, reply) => {
      const { collectionId, itemId } = request.params;
      try {
        await ctx.catalog.deleteItem(collectionId, itemId);
      } catch (error) {
        // DELETE is idempotent (RFC 9110 §9.2.2): an item already gone is the state asked for,
        // which is also what the STAC API validator expects. An unknown collection stays a 404.
        if (!(error instanceof NotFoundError) || error.message.startsWith('collection'))
          throw error;
      }
      await changed();
      return reply.status(204).send();
    },
  );

  app.post(
    '/collections/:collectionId/bulk_items',
    {
      schema: {
        summary: 'Load many items at once (Bulk Transactions extension), on the fast ingest path',
        tags: ['Transactions'],
        params: CollectionIdParams,
        body: BulkItemsSchema,
        security,
      },
    },
    async (request) => {
      const { collectionId } = request.params;
      const { items, method } = request.body as {
        items: Record<string, StacItem>;
        method?: 'insert' | 'upsert';
      };
      await ctx.catalog.getCollection(collectionId);
      const list = Object.entries(items).map(([key, item]) => {
        sameId('item', key, item.id);
        sameId('collection', collectionId, item.collection);
        return { ...item, collection: collectionId };
      });
      const result = await loadItems(ctx.catalog.db, list, method ?? 'insert');
      await changed();
      return { loaded: result.loaded, method: method ?? 'insert' };
    },
  );
};
