import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../app-context.js';
import type { FederatedSearchBody } from '../federation/index.js';
import { FederatedSearchBodySchema, FederatedSearchQuerySchema } from '../schemas/federation.js';
import {
  CollectionIdParams,
  ItemIdParams,
  SearchBodySchema,
  SearchQuerySchema,
} from '../schemas/stac.js';
import { urlFor } from '../stac/links.js';
import { bodyFromQuery, type SearchBody } from '../stac/search-request.js';

const GEOJSON = 'application/geo+json';

function queryOf(raw: unknown): URLSearchParams {
  return new URLSearchParams(raw as Record<string, string>);
}

/**
 * Item search (GET and POST /search) and the OGC API Features item endpoints
 * (/collections/{id}/items and /collections/{id}/items/{itemId}).
 */
export const searchRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  // With federation on, /search also takes `providers`, and fans out (federation/).
  const { federation } = ctx;

  app.get(
    '/search',
    {
      schema: {
        summary: 'Search items (GET)',
        tags: ['Item Search'],
        querystring: federation ? FederatedSearchQuerySchema : SearchQuerySchema,
      },
    },
    async (request, reply) => {
      const { providers, ...query } = request.query as Record<string, string | undefined>;
      const origin = {
        method: 'GET' as const,
        endpoint: urlFor(base, 'search'),
        query: queryOf(request.query),
      };
      const result = federation
        ? await federation.searchItems({ ...bodyFromQuery(query), providers }, origin)
        : await ctx.search.run(bodyFromQuery(query), origin);
      return reply.type(GEOJSON).send(result);
    },
  );

  app.post(
    '/search',
    {
      schema: {
        summary: 'Search items (POST)',
        tags: ['Item Search'],
        body: federation ? FederatedSearchBodySchema : SearchBodySchema,
      },
    },
    async (request, reply) => {
      const body = request.body as FederatedSearchBody;
      const origin = { method: 'POST' as const, endpoint: urlFor(base, 'search'), body };
      const result = federation
        ? await federation.searchItems(body, origin)
        : await ctx.search.run(body as SearchBody, origin);
      return reply.type(GEOJSON).send(result);
    },
  );

  app.get(
    '/collections/:collectionId/items',
    {
      schema: {
        summary: "A collection's items (bbox, datetime, limit, filter, sort, fields, paging)",
        tags: ['Features'],
        params: CollectionIdParams,
        querystring: SearchQuerySchema,
      },
    },
    async (request, reply) => {
      const { collectionId } = request.params;
      // A remote provider's collection (<provider>:<id>): its items, through federation.
      const provider = federation?.remoteProviderOf(collectionId);
      if (federation && provider)
        await federation.getCollection(collectionId); // 404 or 502
      else await ctx.catalog.getCollection(collectionId); // 404 for an unknown collection
      const body = bodyFromQuery(request.query as Record<string, string | undefined>);
      body.collections = [collectionId];
      const origin = {
        method: 'GET' as const,
        endpoint: urlFor(base, `collections/${encodeURIComponent(collectionId)}/items`),
        query: queryOf(request.query),
      };
      if (federation && provider) {
        const result = await federation.searchItems({ ...body, providers: provider }, origin);
        return reply.type(GEOJSON).send(result);
      }
      const result = await ctx.search.run(body, origin);
      return reply.type(GEOJSON).send(result);
    },
  );

  app.get(
    '/collections/:collectionId/items/:itemId',
    { schema: { summary: 'One item', tags: ['Features'], params: ItemIdParams } },
    async (request, reply) => {
      const { collectionId, itemId } = request.params;
      const item = await ctx.catalog.getItem(collectionId, itemId);
      return reply.type(GEOJSON).send(ctx.search.presentItem(item));
    },
  );
};
