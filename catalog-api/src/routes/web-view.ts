import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import type { StacCollection, StacItem } from '../catalog/stac-types.js';
import { StyxError } from '../errors.js';
import { CollectionIdParams, ItemIdParams } from '../schemas/stac.js';
import { collectionPath, itemPath } from '../stac/links.js';
import {
  type CollectionsDocument,
  catalogPage,
  collectionPage,
  errorPage,
  type Html,
  type ItemSearchFields,
  type ItemsDocument,
  itemPage,
  type LandingDocument,
  PageUrls,
  searchPage,
  titleOf,
} from '../web/index.js';

export interface WebViewOptions extends CatalogContext {
  /** The path the API's routes are served under ('' standalone, the Hub's service prefix). */
  apiPrefix: string;
}

/** Items per page on a collection's page: enough to fill the map, few enough to scan. */
const ITEMS_PER_PAGE = 20;

const Digits = Type.String({ pattern: '^[0-9]{1,6}$', description: 'a whole number' });

const CatalogPageQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500, description: 'free text over collections' })),
    limit: Type.Optional(Digits),
    offset: Type.Optional(Digits),
    // A federated collection search pages by token and names its providers (STYX_FEDERATION).
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    providers: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

const CollectionPageQuery = Type.Object(
  {
    limit: Type.Optional(Digits),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  },
  { additionalProperties: false },
);

const SearchPageQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500, description: 'free text over items' })),
    datetime: Type.Optional(Type.String({ maxLength: 100 })),
    bbox: Type.Optional(Type.String({ maxLength: 200 })),
    collections: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Optional(Digits),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    // A federated search names its providers (STYX_FEDERATION); the API says which exist.
    providers: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** The API's answer that a page could not be built from (its status and its own words). */
class ApiAnswerError extends StyxError {}

/**
 * The catalog's web view: HTML pages for people in a plain browser (the landing page's browser
 * visitors are sent here), outside JupyterLab. Each page is built from the very JSON the STAC
 * API serves, fetched in-process with the visitor's own credentials, so it shows what a STAC
 * client would see, links and paging tokens included, under the same read rules (public
 * read). No script: plain HTML, one stylesheet, a strict Content-Security-Policy.
 *
 * @radiantearth/stac-browser was the first choice (the issue asks for a maintained build if one
 * exists), but its npm package is the Vue source only: serving it means a vue-cli build on
 * every install. These pages mirror its layout of paths under browser/ instead.
 */
export const webViewRoutes: FastifyPluginAsyncTypebox<WebViewOptions> = async (app, ctx) => {
  const urls = new PageUrls(ctx.baseUrl);
  const stylesheet = await readFile(new URL('../web/style.css', import.meta.url), 'utf8');
  const publicOrigin = new URL(ctx.baseUrl).origin;
  // No script at all; images (quick looks) may come from any http(s) asset store.
  const csp = [
    "default-src 'none'",
    `style-src 'self' ${publicOrigin}`,
    'img-src http: https: data:',
    `form-action 'self' ${publicOrigin}`,
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');

  const sendPage = (reply: FastifyReply, markup: Html, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .send(markup.markup);

  /** GET an API document as the visitor would: their credentials, JSON asked for. */
  async function fromApi<T>(request: FastifyRequest, path: string, query?: URLSearchParams) {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const name of ['authorization', 'cookie'] as const) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const qs = query?.toString();
    const response = await app.inject({
      method: 'GET',
      url: `${ctx.apiPrefix}/${path}${qs ? `?${qs}` : ''}`,
      headers,
    });
    const body = response.json() as T & { code?: string; description?: string };
    if (response.statusCode >= 400) {
      throw new ApiAnswerError(
        response.statusCode,
        body.code ?? 'Error',
        body.description ?? `the catalog answered ${response.statusCode}`,
      );
    }
    return body as T;
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error instanceof StyxError
        ? error.statusCode
        : error.validation
          ? 400
          : (error.statusCode ?? 500);
    let description = error.message;
    if (error.validation) {
      description = `this page's address is not one it understands (${error.message}); follow the page's own links, or remove what you added to the address`;
    } else if (status >= 500) {
      request.log.error({ err: error }, 'web view page failed');
      description = 'the catalog failed to build this page; the error is logged';
    }
    return sendPage(
      reply,
      errorPage({ urls, catalogTitle: ctx.title, status, description }),
      status,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendPage(
      reply,
      errorPage({
        urls,
        catalogTitle: ctx.title,
        status: 404,
        description: `there is no page at ${request.url.replace(/\?.*$/, '')}`,
      }),
      404,
    ),
  );

  app.get('/style.css', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(stylesheet),
  );

  app.get(
    '/',
    { schema: { hide: true, querystring: CatalogPageQuery } },
    async (request, reply) => {
      const { q, ...paging } = request.query;
      const query = new URLSearchParams();
      if (q?.trim()) query.set('q', q.trim());
      for (const [name, value] of Object.entries(paging)) if (value) query.set(name, value);
      const [landing, collections] = await Promise.all([
        fromApi<LandingDocument>(request, ''),
        fromApi<CollectionsDocument>(request, 'collections', query),
      ]);
      return sendPage(
        reply,
        catalogPage({ urls, landing, collections, q: q?.trim() || undefined }),
      );
    },
  );

  app.get(
    '/search',
    { schema: { hide: true, querystring: SearchPageQuery } },
    async (request, reply) => {
      // An empty form field means "not this criterion", not an empty one (which the API refuses).
      const given = Object.entries(request.query).flatMap(([name, value]) =>
        typeof value === 'string' && value.trim() ? [[name, value.trim()] as [string, string]] : [],
      );
      const query = new URLSearchParams(given);
      if (!query.has('limit')) query.set('limit', String(ITEMS_PER_PAGE));
      const items = await fromApi<ItemsDocument>(request, 'search', query);
      const fields = Object.fromEntries(given) as ItemSearchFields;
      return sendPage(
        reply,
        searchPage({
          urls,
          catalogTitle: ctx.title,
          fields,
          items,
          searchHref: `${ctx.baseUrl}search?${query}`,
        }),
      );
    },
  );

  app.get(
    '/collections/:collectionId',
    { schema: { hide: true, params: CollectionIdParams, querystring: CollectionPageQuery } },
    async (request, reply) => {
      const { collectionId } = request.params;
      const query = new URLSearchParams({ limit: request.query.limit ?? String(ITEMS_PER_PAGE) });
      if (request.query.token) query.set('token', request.query.token);
      const path = collectionPath(collectionId);
      const [collection, items] = await Promise.all([
        fromApi<StacCollection>(request, path),
        fromApi<ItemsDocument>(request, `${path}/items`, query),
      ]);
      const itemsHref = `${ctx.baseUrl}${path}/items?${query}`;
      return sendPage(
        reply,
        collectionPage({ urls, catalogTitle: ctx.title, collection, items, itemsHref }),
      );
    },
  );

  app.get(
    '/collections/:collectionId/items/:itemId',
    { schema: { hide: true, params: ItemIdParams } },
    async (request, reply) => {
      const { collectionId, itemId } = request.params;
      const [collection, item] = await Promise.all([
        fromApi<StacCollection>(request, collectionPath(collectionId)),
        fromApi<StacItem>(request, itemPath(collectionId, itemId)),
      ]);
      return sendPage(
        reply,
        itemPage({
          urls,
          catalogTitle: ctx.title,
          collectionTitle: titleOf(collection),
          item,
          itemHref: `${ctx.baseUrl}${itemPath(collectionId, itemId)}`,
        }),
      );
    },
  );
};
