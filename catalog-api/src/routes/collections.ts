import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import type { StacCollection, StacLink } from '../catalog/stac-types.js';
import { InvalidQueryError } from '../errors.js';
import { PROVIDERS_PARAM } from '../schemas/federation.js';
import { CollectionIdParams, ThesaurusParam } from '../schemas/stac.js';
import { parseBboxParam } from '../stac/bbox.js';
import { cql2Properties } from '../stac/cql2-validation.js';
import { validateDatetime } from '../stac/datetime.js';
import { collectionLinks, MEDIA, mergeLinks, urlFor } from '../stac/links.js';
import {
  normaliseFilter,
  parseFieldsParam,
  parseIntegerParam,
  parseSortbyParam,
} from '../stac/search-request.js';
import { expandSearchText, THESAURUS_MEMBER } from '../thesaurus/index.js';

const DEFAULT_COLLECTIONS_LIMIT = 100;
const MAX_COLLECTIONS_LIMIT = 1000;

const CollectionSearchQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String()),
    datetime: Type.Optional(Type.String()),
    limit: Type.Optional(Type.String()),
    offset: Type.Optional(Type.String()),
    q: Type.Optional(Type.String({ description: 'free text over title, description, keywords' })),
    thesaurus: Type.Optional(ThesaurusParam),
    filter: Type.Optional(Type.String()),
    'filter-lang': Type.Optional(Type.Enum(['cql2-text', 'cql2-json'])),
    sortby: Type.Optional(Type.String()),
    fields: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** With federation on: which providers to ask, and the federated paging token. */
const FederatedCollectionSearchQuery = Type.Object(
  {
    ...CollectionSearchQuery.properties,
    providers: Type.Optional(Type.String({ minLength: 1, description: PROVIDERS_PARAM })),
    token: Type.Optional(Type.String({ description: 'paging token from a next link' })),
  },
  { additionalProperties: false },
);

/** Collection fields the collection-search filter and sort may name (STAC Collection spec). */
const COLLECTION_QUERYABLES = new Set([
  'id', 'title', 'description', 'keywords', 'license', 'datetime', 'start_datetime',
  'end_datetime', 'geometry', 'platform', 'instruments', 'constellation', 'providers',
]); // biome-ignore format: a list of names

/**
 * /collections with Collection Search (STAC API Collection Search: free text, bbox, datetime,
 * filter, sort, fields, paging by offset) and /collections/{collectionId}.
 */
export const collectionRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  const { federation } = ctx;
  const present = (c: StacCollection): StacCollection => ({
    ...c,
    links: mergeLinks(c.links, collectionLinks(base, c.id)),
  });

  app.get(
    '/collections',
    {
      schema: {
        summary: 'Collections, with collection search',
        tags: ['Collections'],
        querystring: federation ? FederatedCollectionSearchQuery : CollectionSearchQuery,
      },
    },
    async (request) => {
      const q = request.query as Static<typeof FederatedCollectionSearchQuery>;
      const limit = parseIntegerParam(
        'limit',
        q.limit,
        1,
        MAX_COLLECTIONS_LIMIT,
        DEFAULT_COLLECTIONS_LIMIT,
      );
      const offset = parseIntegerParam('offset', q.offset, 0, Number.MAX_SAFE_INTEGER, 0);
      const search: Record<string, unknown> & { q?: string | string[] } = { limit, offset };
      if (q.bbox !== undefined) search.bbox = parseBboxParam(q.bbox);
      if (q.datetime !== undefined) search.datetime = validateDatetime(q.datetime);
      if (q.q) search.q = q.q;
      if (q.filter !== undefined) {
        const filter = normaliseFilter(q.filter, q['filter-lang'] ?? 'cql2-text');
        const unknown = [...cql2Properties(filter)].filter((p) => !COLLECTION_QUERYABLES.has(p));
        if (unknown.length > 0) {
          throw new InvalidQueryError(
            `collection search cannot filter on ${unknown.join(', ')}; use one of ${[...COLLECTION_QUERYABLES].join(', ')}`,
          );
        }
        search.filter = filter;
      }
      if (q.sortby) search.sortby = parseSortbyParam(q.sortby);
      if (q.fields !== undefined) search.fields = parseFieldsParam(q.fields);
      const { search: expanded, report } = expandSearchText(
        search,
        ctx.thesaurus,
        q.thesaurus !== 'false',
      );
      const query = new URLSearchParams(request.query as Record<string, string>);
      // Federated only when searching (or paging a federated search): plain browsing of
      // /collections stays this catalog's, whose collections /collections/{id} serves.
      const searching = [q.q, q.bbox, q.datetime, q.filter, q.providers, q.token].some(
        (v) => v !== undefined,
      );
      if (federation && searching) {
        const remote = new URLSearchParams(query);
        for (const name of ['providers', 'token', 'offset', 'limit', 'thesaurus']) {
          remote.delete(name);
        }
        const { limit: _limit, offset: _offset, ...local } = expanded;
        const federated = await federation.searchCollections(
          { search: local, query: remote },
          {
            limit,
            token: q.token,
            providers: q.providers,
            url: (token) => {
              const page = new URLSearchParams(query);
              if (token) page.set('token', token);
              return urlFor(base, 'collections', page);
            },
          },
        );
        return report ? { ...federated, [THESAURUS_MEMBER]: report } : federated;
      }
      const page = await ctx.catalog.collectionSearch(expanded);
      const self = urlFor(base, 'collections', query);
      const links: StacLink[] = [
        { rel: 'self', type: MEDIA.json, href: self },
        { rel: 'root', type: MEDIA.json, href: base },
        { rel: 'parent', type: MEDIA.json, href: base },
      ];
      const pageAt = (at: number) => {
        const next = new URLSearchParams(query);
        next.set('offset', String(at));
        next.set('limit', String(limit));
        return urlFor(base, 'collections', next);
      };
      if (offset + limit < page.numberMatched) {
        links.push({ rel: 'next', type: MEDIA.json, href: pageAt(offset + limit), method: 'GET' });
      }
      if (offset > 0) {
        links.push({
          rel: 'prev',
          type: MEDIA.json,
          href: pageAt(Math.max(0, offset - limit)),
          method: 'GET',
        });
      }
      return {
        collections: page.collections.map(present),
        links,
        numberMatched: page.numberMatched,
        numberReturned: page.numberReturned,
        ...(report ? { [THESAURUS_MEMBER]: report } : {}),
      };
    },
  );

  app.get(
    '/collections/:collectionId',
    { schema: { summary: 'One collection', tags: ['Collections'], params: CollectionIdParams } },
    async (request) => {
      const { collectionId } = request.params;
      // A remote provider's collection, named <provider>:<id> as federated search names it.
      const remote = federation ? await federation.getCollection(collectionId) : undefined;
      return remote ?? present(await ctx.catalog.getCollection(collectionId));
    },
  );
};
