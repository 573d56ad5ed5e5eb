import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../app-context.js';
import { CollectionIdParams } from '../schemas/stac.js';
import { urlFor } from '../stac/links.js';

const SCHEMA_JSON = 'application/schema+json';

/** Queryables (OGC API Features Part 3 §Queryables; STAC Filter extension), from PgSTAC. */
export const queryablesRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.get(
    '/queryables',
    { schema: { summary: 'Queryables of the whole catalog', tags: ['Filter'] } },
    async (_request, reply) => {
      const schema = await ctx.catalog.queryables();
      return reply.type(SCHEMA_JSON).send({
        ...schema,
        $id: urlFor(base, 'queryables'),
        title: `Queryables of ${ctx.title}`,
      });
    },
  );
  app.get(
    '/collections/:collectionId/queryables',
    {
      schema: {
        summary: "A collection's queryables",
        tags: ['Filter'],
        params: CollectionIdParams,
      },
    },
    async (request, reply) => {
      const { collectionId } = request.params;
      await ctx.catalog.getCollection(collectionId);
      const schema = await ctx.catalog.queryables([collectionId]);
      return reply.type(SCHEMA_JSON).send({
        ...schema,
        $id: urlFor(base, `collections/${encodeURIComponent(collectionId)}/queryables`),
        title: `Queryables of ${collectionId}`,
      });
    },
  );
};
