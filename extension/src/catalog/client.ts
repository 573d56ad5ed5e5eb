/**
 * A thin client for a STAC API: one method per request the panel makes, errors turned into
 * sentences a user can act on. The `fetch` is injected so that, behind JupyterHub, requests
 * carry the user's credentials, and so that tests replace only this network seam.
 */
import type { SearchLike } from '../codegen/index.js';
import { type ConceptSuggestion, conceptSuggestions } from './concept-suggestions.js';
import type { NextPage, Queryable, StacCollection, StacItem } from './types.js';

export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** A request to the catalog failed; `message` is written for the user. */
export class CatalogRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CatalogRequestError';
  }
}

export interface CollectionPage {
  collections: StacCollection[];
  numberMatched?: number;
  next: NextPage | null;
}

export interface SearchPage {
  items: StacItem[];
  numberMatched?: number;
  next: NextPage | null;
}

export class CatalogClient {
  readonly baseUrl: string;
  private readonly fetchFn: FetchFunction;

  constructor(options: CatalogClient.IOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Collections, filtered by free text when the catalog has collection search. */
  async collections(text: string, limit: number, signal?: AbortSignal): Promise<CollectionPage> {
    const url = new URL('collections', this.baseUrl);
    url.searchParams.set('limit', String(limit));
    if (text.trim() !== '') {
      url.searchParams.set('q', text.trim());
    }
    return this.collectionPage(await this.getJson(url.href, signal));
  }

  async moreCollections(next: NextPage, signal?: AbortSignal): Promise<CollectionPage> {
    return this.collectionPage(await this.follow(next, signal));
  }

  /** STAC API Item Search, POST form (it carries CQL2-JSON filters and long id lists). */
  async search(request: SearchLike, signal?: AbortSignal): Promise<SearchPage> {
    const body = searchBody(request);
    return this.itemPage(
      await this.requestJson('POST', new URL('search', this.baseUrl).href, body, signal),
      body,
    );
  }

  async moreItems(next: NextPage, signal?: AbortSignal): Promise<SearchPage> {
    return this.itemPage(
      await this.follow(next, signal),
      next.method === 'POST' ? next.body : undefined,
    );
  }

  /**
   * Queryables for a set of collections: the collection's own for one, the catalog's for none
   * or several (OGC API Features Part 3; STAC API Filter §Queryables).
   */
  async queryables(collections: readonly string[], signal?: AbortSignal): Promise<Queryable[]> {
    const path =
      collections.length === 1
        ? `collections/${encodeURIComponent(collections[0] ?? '')}/queryables`
        : 'queryables';
    const doc = (await this.getJson(new URL(path, this.baseUrl).href, signal)) as {
      properties?: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.properties ?? {}).map(([name, schema]) => toQueryable(name, schema));
  }

  /**
   * Thesaurus concepts whose labels match a text (GET /thesaurus/search), for the search box's
   * suggestions. A catalog without a thesaurus (404) has none to offer: an empty list.
   */
  async conceptSuggestions(
    text: string,
    options: { limit: number; lang?: string },
    signal?: AbortSignal,
  ): Promise<ConceptSuggestion[]> {
    const url = new URL('thesaurus/search', this.baseUrl);
    url.searchParams.set('q', text);
    // Several labels of one concept may match; ask for more so that `limit` concepts remain.
    url.searchParams.set('limit', String(Math.min(100, options.limit * 3)));
    if (options.lang) url.searchParams.set('lang', options.lang);
    try {
      return conceptSuggestions(await this.getJson(url.href, signal), text, options.limit);
    } catch (error) {
      if (error instanceof CatalogRequestError && error.status === 404) {
        return [];
      }
      throw error;
    }
  }

  private collectionPage(doc: unknown): CollectionPage {
    const page = doc as {
      collections?: StacCollection[];
      numberMatched?: number;
      links?: LinkJson[];
    };
    return {
      collections: page.collections ?? [],
      ...(typeof page.numberMatched === 'number' ? { numberMatched: page.numberMatched } : {}),
      next: nextLink(page.links),
    };
  }

  /** `requestBody`: the POST body that asked for this page (for `merge: true` next links). */
  private itemPage(doc: unknown, requestBody?: Record<string, unknown>): SearchPage {
    const page = doc as { features?: StacItem[]; numberMatched?: number; links?: LinkJson[] };
    if (!Array.isArray(page.features)) {
      throw new CatalogRequestError(
        'The catalog answered the search with something that is not an item collection.',
      );
    }
    return {
      items: page.features,
      ...(typeof page.numberMatched === 'number' ? { numberMatched: page.numberMatched } : {}),
      next: nextLink(page.links, requestBody),
    };
  }

  private follow(next: NextPage, signal?: AbortSignal): Promise<unknown> {
    return next.method === 'POST'
      ? this.requestJson('POST', next.href, next.body, signal)
      : this.getJson(next.href, signal);
  }

  private getJson(url: string, signal?: AbortSignal): Promise<unknown> {
    return this.requestJson('GET', url, undefined, signal);
  }

  private async requestJson(
    method: string,
    url: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: {
          Accept: 'application/geo+json, application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      throw new CatalogRequestError(
        `Could not reach the catalog at ${this.baseUrl} (${errorText(error)}).`,
      );
    }
    if (!response.ok) {
      throw new CatalogRequestError(await describeFailure(response), response.status);
    }
    try {
      return await response.json();
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      throw new CatalogRequestError(`The catalog's answer to ${method} ${url} is not valid JSON.`);
    }
  }
}

export namespace CatalogClient {
  export interface IOptions {
    baseUrl: string;
    fetch?: FetchFunction;
  }
}

interface LinkJson {
  rel?: string;
  href?: string;
  method?: string;
  body?: Record<string, unknown>;
  merge?: boolean;
}

/**
 * STAC API §Paging: a `next` link, GET by default, POST with its own body, which with
 * `merge: true` holds only what changes (the token) and is merged into the previous body.
 */
function nextLink(
  links: LinkJson[] | undefined,
  previousBody?: Record<string, unknown>,
): NextPage | null {
  const next = links?.find((link) => link.rel === 'next' && typeof link.href === 'string');
  if (!next?.href) {
    return null;
  }
  if ((next.method ?? 'GET').toUpperCase() === 'POST') {
    const body = next.merge ? { ...(previousBody ?? {}), ...(next.body ?? {}) } : (next.body ?? {});
    return { method: 'POST', href: next.href, body };
  }
  return { method: 'GET', href: next.href };
}

function normaliseBaseUrl(url: string): string {
  const trimmed = url.trim();
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The POST /search body for a request, leaving out what is empty. */
export function searchBody(request: SearchLike): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (request.collections?.length) body.collections = request.collections;
  if (request.ids?.length) body.ids = request.ids;
  if (request.bbox) body.bbox = request.bbox;
  if (request.intersects) body.intersects = request.intersects;
  if (request.datetime) body.datetime = request.datetime;
  if (request.q !== undefined && request.q !== '') body.q = request.q;
  if (request.query) body.query = request.query;
  if (request.filter !== undefined) {
    body.filter = request.filter;
    body['filter-lang'] =
      request.filterLang ?? (typeof request.filter === 'string' ? 'cql2-text' : 'cql2-json');
  }
  if (request.sortby !== undefined) body.sortby = request.sortby;
  if (request.limit !== undefined) body.limit = request.limit;
  return body;
}

function toQueryable(name: string, schema: Record<string, unknown>): Queryable {
  const queryable: Queryable = { name };
  if (typeof schema.title === 'string') queryable.title = schema.title;
  if (typeof schema.description === 'string') queryable.description = schema.description;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (typeof type === 'string') queryable.type = type;
  if (typeof schema.format === 'string') queryable.format = schema.format;
  if (Array.isArray(schema.enum)) queryable.enum = schema.enum;
  if (typeof schema.minimum === 'number') queryable.minimum = schema.minimum;
  if (typeof schema.maximum === 'number') queryable.maximum = schema.maximum;
  if (typeof schema.$ref === 'string') queryable.ref = schema.$ref;
  return queryable;
}

async function describeFailure(response: Response): Promise<string> {
  let detail = '';
  try {
    const body = (await response.json()) as {
      description?: unknown;
      detail?: unknown;
      message?: unknown;
    };
    const text = body.description ?? body.detail ?? body.message;
    if (typeof text === 'string') detail = text;
  } catch {
    // Not JSON: the status line says enough.
  }
  const what =
    response.status === 401 || response.status === 403
      ? 'The catalog refused the request (not signed in or not allowed)'
      : response.status >= 500
        ? 'The catalog failed to answer'
        : 'The catalog rejected the request';
  return detail ? `${what}: ${detail}` : `${what} (HTTP ${response.status}).`;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
