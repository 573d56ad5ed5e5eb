import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import {
  AGGREGATIONS,
  type AggregationOptions,
  aggregate,
  parseAggregationNames,
} from '../catalog/aggregation.js';
import { asSearchError } from '../catalog/pgstac-catalog.js';
import { CollectionIdParams, SearchBodySchema, SearchQuerySchema } from '../schemas/stac.js';
import { MEDIA, urlFor } from '../stac/links.js';
import {
  bodyFromQuery,
  parseIntegerParam,
  type SearchBody,
  searchFromBody,
} from '../stac/search-request.js';
import { expandSearchText, THESAURUS_MEMBER } from '../thesaurus/index.js';

const FrequencyInterval = Type.Enum(['year', 'month', 'week', 'day', 'hour']);

const AggregateQuery = Type.Object(
  {
    ...SearchQuerySchema.properties,
    aggregations: Type.Optional(Type.String({ description: 'comma-separated names' })),
    datetime_frequency_interval: Type.Optional(FrequencyInterval),
    centroid_geohash_grid_frequency_precision: Type.Optional(Type.String()),
    centroid_geotile_grid_frequency_precision: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The POST form: a search body plus the aggregation parameters. */
const AggregateBody = Type.Object(
  {
    ...SearchBodySchema.properties,
    aggregations: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.String({ minLength: 1 })]),
    ),
    datetime_frequency_interval: Type.Optional(FrequencyInterval),
    centroid_geohash_grid_frequency_precision: Type.Optional(Type.Integer()),
    centroid_geotile_grid_frequency_precision: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

function optionsFrom(source: Record<string, unknown>): AggregationOptions {
  return {
    interval: (source.datetime_frequency_interval as AggregationOptions['interval']) ?? 'month',
    geohashPrecision: parseIntegerParam(
      'centroid_geohash_grid_frequency_precision',
      source.centroid_geohash_grid_frequency_precision,
      1,
      12,
      1,
    ),
    geotilePrecision: parseIntegerParam(
      'centroid_geotile_grid_frequency_precision',
      source.centroid_geotile_grid_frequency_precision,
      0,
      20,
      0,
    ),
  };
}

/** Aggregation extension: /aggregations lists what /aggregate computes (catalog-wide or per collection). */
export const aggregationRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  const listing = (self: string) => ({
    aggregations: Object.entries(AGGREGATIONS).map(([name, a]) => ({
      name,
      data_type: a.data_type,
      description: a.description,
    })),
    links: [
      { rel: 'root', type: MEDIA.json, href: base },
      { rel: 'self', type: MEDIA.json, href: self },
    ],
  });
  const run = async (body: SearchBody, source: Record<string, unknown>, self: string) => {
    const names = parseAggregationNames(source.aggregations as string | string[] | undefined);
    const { search, report } = expandSearchText(
      searchFromBody(body),
      ctx.thesaurus,
      body.thesaurus !== false,
    );
    return {
      type: 'AggregationCollection',
      // PgSTAC refusing the caller's expression (a free-text query it cannot parse) is a 400.
      aggregations: await aggregate(ctx.catalog.db, search, names, optionsFrom(source)).catch(
        asSearchError,
      ),
      links: [
        { rel: 'root', type: MEDIA.json, href: base },
        { rel: 'self', type: MEDIA.json, href: self },
      ],
      ...(report ? { [THESAURUS_MEMBER]: report } : {}),
    };
  };

  app.get(
    '/aggregations',
    { schema: { summary: 'Available aggregations', tags: ['Aggregation'] } },
    async () => listing(urlFor(base, 'aggregations')),
  );
  app.get(
    '/collections/:collectionId/aggregations',
    {
      schema: {
        summary: "A collection's available aggregations",
        tags: ['Aggregation'],
        params: CollectionIdParams,
      },
    },
    async (request) => {
      await ctx.catalog.getCollection(request.params.collectionId);
      return listing(
        urlFor(base, `collections/${encodeURIComponent(request.params.collectionId)}/aggregations`),
      );
    },
  );
  app.get(
    '/aggregate',
    {
      schema: {
        summary: 'Aggregate the items a search matches',
        tags: ['Aggregation'],
        querystring: AggregateQuery,
      },
    },
    async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const body = bodyFromQuery(query);
      delete body.limit;
      return run(
        body,
        query,
        urlFor(base, 'aggregate', new URLSearchParams(query as Record<string, string>)),
      );
    },
  );
  app.post(
    '/aggregate',
    {
      schema: {
        summary: 'Aggregate the items a search matches (POST)',
        tags: ['Aggregation'],
        body: AggregateBody,
      },
    },
    async (request) => {
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const {
        aggregations: _a,
        datetime_frequency_interval: _i,
        centroid_geohash_grid_frequency_precision: _g,
        centroid_geotile_grid_frequency_precision: _t,
        ...body
      } = raw;
      return run(body as SearchBody, raw, urlFor(base, 'aggregate'));
    },
  );
  app.get(
    '/collections/:collectionId/aggregate',
    {
      schema: {
        summary: "Aggregate a collection's items",
        tags: ['Aggregation'],
        params: CollectionIdParams,
        querystring: AggregateQuery,
      },
    },
    async (request) => {
      const { collectionId } = request.params;
      await ctx.catalog.getCollection(collectionId);
      const query = request.query as Record<string, string | undefined>;
      const body = bodyFromQuery(query);
      delete body.limit;
      body.collections = [collectionId];
      return run(
        body,
        query,
        urlFor(base, `collections/${encodeURIComponent(collectionId)}/aggregate`),
      );
    },
  );
};
