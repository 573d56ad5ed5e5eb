import type { StacCollection, StacItem, StacLink } from '../catalog/stac-types.js';
import { InvalidQueryError, NotFoundError, StyxError } from '../errors.js';
import { LOCAL_PROVIDER_ID, PROVIDERS_MEMBER, type ProviderReport } from '../schemas/federation.js';
import type { SearchOrigin } from '../stac/item-search.js';
import { MEDIA } from '../stac/links.js';
import { type SearchBody, searchFromBody } from '../stac/search-request.js';
import { mergeItems, type SortTerm, shareLimit } from './merge.js';
import {
  decodePagingToken,
  encodePagingToken,
  type FederationPosition,
  MAX_FAILURES,
} from './paging-token.js';
import {
  type CollectionQuery,
  type FederationProvider,
  type ProviderPage,
  ProviderSkip,
} from './provider.js';
import { RemoteError } from './remote-http.js';

/** A search body with federation's own member. */
export type FederatedSearchBody = SearchBody & { providers?: string | string[] };

/** How one provider is asked for one page: its call, or why it is not asked at all. */
type Ask<T> =
  | { call: (cursor: unknown, limit: number, signal: AbortSignal) => Promise<ProviderPage<T>> }
  | { skip: string };

interface PageOutcome<T> {
  /** Each asked provider's results, in configured order. */
  pages: { provider: number; features: T[] }[];
  /** Top-level members providers gave for the response (the local thesaurus report). */
  members: Record<string, unknown>;
  reports: ProviderReport[];
  position: FederationPosition;
  /** Some provider has more (or failed and will be asked again). */
  more: boolean;
  numberMatched: number | undefined;
}

class ProviderTimeout extends Error {}

/**
 * Federated search: one search fanned out to the local catalog and every selected remote
 * provider at once, each under its own timeout, merged into one page. A provider that is slow,
 * down or answers nonsense costs its own results only: the page says so in `styx:providers`,
 * never with a 5xx. Paging goes through one opaque token holding every provider's own place
 * (paging-token.ts), so each page continues each provider where it stopped.
 */
export class FederatedSearch {
  private readonly byId: Map<string, FederationProvider>;

  constructor(
    /** Local first, then the configured remote providers in the file's order. */
    private readonly providers: FederationProvider[],
    private readonly baseUrl: string,
  ) {
    this.byId = new Map(providers.map((p) => [p.id, p]));
  }

  get providerIds(): string[] {
    return this.providers.map((p) => p.id);
  }

  /** The `providers` parameter: a list or comma-separated ids; default every provider. */
  select(param: string | string[] | undefined): FederationProvider[] {
    if (param === undefined) return this.providers;
    const ids = [param]
      .flat()
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = ids.filter((id) => !this.byId.has(id));
    if (unknown.length > 0 || ids.length === 0) {
      throw new InvalidQueryError(
        `${unknown.length > 0 ? `unknown provider${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}` : 'providers names none'}; the providers are ${this.providerIds.join(', ')}`,
      );
    }
    // In configured order, whatever order they were named in: the merge order depends on it.
    return this.providers.filter((p) => ids.includes(p.id));
  }

  async searchItems(body: FederatedSearchBody, origin: SearchOrigin) {
    const { providers: param, token, ...search } = body;
    // The whole search is checked once, here, so a bad one is a 400 whatever the providers.
    const checked = searchFromBody(search);
    const limit = checked.limit ?? 10;
    const selected = this.select(param);
    const outcome = await this.page<StacItem>(selected, token, limit, (provider) => {
      const collections = this.collectionsFor(provider, search.collections);
      if (collections === null) return { skip: 'the search names none of its collections' };
      const scoped = { ...search, ...(collections ? { collections } : {}) };
      return {
        call: (cursor, n, signal) => provider.searchItems(scoped, cursor, n, signal),
      };
    });
    const features = mergeItems(
      outcome.pages.map((p) => p.features.map((item) => ({ item, provider: p.provider }))),
      checked.sortby as SortTerm[] | undefined,
    );
    const links: StacLink[] = [
      { rel: 'root', type: MEDIA.json, href: this.baseUrl },
      selfLink(origin),
    ];
    if (outcome.more) links.push(pageLink(origin, 'next', encodePagingToken(outcome.position)));
    // No `prev`: providers page forwards only (remote next links, OpenSearch indexes), so a
    // page before this one is reached again from the first.
    if (token !== undefined) links.push(pageLink(origin, 'first'));
    return {
      type: 'FeatureCollection' as const,
      features,
      links,
      numberReturned: features.length,
      ...(outcome.numberMatched !== undefined ? { numberMatched: outcome.numberMatched } : {}),
      ...outcome.members,
      [PROVIDERS_MEMBER]: outcome.reports,
    };
  }

  /**
   * Collection search across providers (those with collections: STAC APIs and the local
   * catalog). `self` builds this page's URL and, given a token, the next one's.
   */
  async searchCollections(
    query: CollectionQuery,
    options: {
      limit: number;
      token: string | undefined;
      providers: string | undefined;
      url: (token?: string) => string;
    },
  ) {
    const selected = this.select(options.providers);
    const outcome = await this.page<StacCollection>(
      selected,
      options.token,
      options.limit,
      (provider) => {
        const search = provider.searchCollections?.bind(provider);
        if (!search) return { skip: 'its protocol has no collections' };
        return { call: (cursor, n, signal) => search(query, cursor, n, signal) };
      },
    );
    const links: StacLink[] = [
      { rel: 'self', type: MEDIA.json, href: options.url() },
      { rel: 'root', type: MEDIA.json, href: this.baseUrl },
      { rel: 'parent', type: MEDIA.json, href: this.baseUrl },
    ];
    if (outcome.more) {
      links.push({
        rel: 'next',
        type: MEDIA.json,
        href: options.url(encodePagingToken(outcome.position)),
        method: 'GET',
      });
    }
    if (options.token !== undefined) {
      links.push({ rel: 'first', type: MEDIA.json, href: options.url(), method: 'GET' });
    }
    const collections = outcome.pages.flatMap((p) => p.features);
    return {
      collections,
      links,
      numberReturned: collections.length,
      ...(outcome.numberMatched !== undefined ? { numberMatched: outcome.numberMatched } : {}),
      [PROVIDERS_MEMBER]: outcome.reports,
    };
  }

  /** The remote provider a collection id `<provider>:<id>` names, if it names one. */
  remoteProviderOf(collectionId: string): string | undefined {
    const colon = collectionId.indexOf(':');
    const id = colon > 0 ? collectionId.slice(0, colon) : undefined;
    return id && id !== LOCAL_PROVIDER_ID && this.byId.has(id) ? id : undefined;
  }

  /**
   * GET /collections/<provider>:<id>: the remote provider's collection, as its collection
   * search names it; undefined when the id names no remote provider (then it is local).
   * A provider that fails here is a 502 saying so: this request asks it alone.
   */
  async getCollection(prefixedId: string): Promise<StacCollection | undefined> {
    const providerId = this.remoteProviderOf(prefixedId);
    const provider = providerId ? this.byId.get(providerId) : undefined;
    if (!provider) return undefined;
    const id = prefixedId.slice(provider.id.length + 1);
    const get = provider.getCollection?.bind(provider);
    if (!get)
      throw new NotFoundError(`provider '${provider.id}' (${provider.title}) has no collections`);
    try {
      return await withTimeout(provider.timeoutMs, (signal) => get(id, signal));
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404) {
        throw new NotFoundError(`provider '${provider.id}' has no collection '${id}'`);
      }
      const why =
        error instanceof ProviderTimeout
          ? `no answer within ${provider.timeoutMs} ms`
          : describe(error);
      throw new StyxError(502, 'BadGateway', `provider '${provider.id}' did not answer: ${why}`);
    }
  }

  /**
   * `collections` as a provider knows them: a remote provider's are named `<id>:<collection>`
   * (how its results name them), the local catalog's as they are. null: the search names
   * collections, none of them this provider's; undefined: it names none at all.
   */
  private collectionsFor(
    provider: FederationProvider,
    collections: string | string[] | undefined,
  ): string[] | undefined | null {
    if (collections === undefined) return undefined;
    const list = [collections].flat();
    const remotePrefix = (c: string) => this.remoteProviderOf(c);
    const mine =
      provider.id === LOCAL_PROVIDER_ID
        ? list.filter((c) => remotePrefix(c) === undefined)
        : list
            .filter((c) => remotePrefix(c) === provider.id)
            .map((c) => c.slice(provider.id.length + 1));
    return mine.length > 0 ? mine : null;
  }

  /** One federated page: every provider asked at once, each under its own timeout. */
  private async page<T>(
    selected: FederationProvider[],
    token: string | undefined,
    limit: number,
    ask: (provider: FederationProvider) => Ask<T>,
  ): Promise<PageOutcome<T>> {
    const before: FederationPosition = token
      ? decodePagingToken(token)
      : Object.fromEntries(selected.map((p) => [p.id, {}]));
    const position: FederationPosition = {};
    const reports = new Map<string, ProviderReport>();
    const report = (p: FederationProvider, r: Omit<ProviderReport, 'id' | 'title'>) =>
      reports.set(p.id, { id: p.id, title: p.title, ...r });

    const waiting: {
      provider: FederationProvider;
      call: Extract<Ask<T>, { call: unknown }>['call'];
    }[] = [];
    for (const provider of selected) {
      const at = before[provider.id];
      // Not in the token: it was not selected when paging began.
      if (!at || at.done) {
        if (at) position[provider.id] = at;
        continue;
      }
      const how = ask(provider);
      if ('skip' in how) {
        position[provider.id] = { done: true, matched: 0 };
        report(provider, { status: 'skipped', ms: 0, returned: 0, message: how.skip });
        continue;
      }
      waiting.push({ provider, call: how.call });
    }
    const shares = shareLimit(
      limit,
      waiting.map((w) => w.provider.id),
    );
    const pages: PageOutcome<T>['pages'] = [];
    const members: Record<string, unknown> = {};
    await Promise.all(
      waiting.map(async ({ provider, call }) => {
        const at = before[provider.id]!;
        const share = shares.get(provider.id)!;
        if (share === 0) {
          position[provider.id] = at;
          report(provider, {
            status: 'skipped',
            ms: 0,
            returned: 0,
            message: `no room on this page (limit ${limit}); it continues on a next page`,
          });
          return;
        }
        const started = performance.now();
        const ms = () => Math.round(performance.now() - started);
        try {
          const page = await withTimeout(provider.timeoutMs, (signal) =>
            call(at.at, share, signal),
          );
          // All it returned is kept, even beyond its share (a provider that ignores limit):
          // its next page starts after them, so dropping any would lose them for good.
          const { features } = page;
          pages.push({ provider: selected.indexOf(provider), features });
          Object.assign(members, page.members);
          const matched = page.matched ?? at.matched;
          position[provider.id] =
            page.next === undefined || page.features.length === 0
              ? { done: true, ...(matched !== undefined ? { matched } : {}) }
              : { at: page.next, ...(matched !== undefined ? { matched } : {}) };
          report(provider, {
            status: 'ok',
            ms: ms(),
            returned: features.length,
            ...(page.matched !== undefined ? { matched: page.matched } : {}),
            ...(page.message ? { message: page.message } : {}),
          });
        } catch (error) {
          if (error instanceof StyxError && error.statusCode < 500) {
            // The local catalog refused this search (say, a filter on a property it has no
            // queryable for). Asked alone, that is the answer: a 400, as without federation.
            // Beside others, the property may be theirs: they still answer, and the report
            // says why the local catalog did not; asking it again would not change that.
            if (waiting.length === 1) throw error;
            position[provider.id] = { done: true };
            report(provider, { status: 'error', ms: ms(), returned: 0, message: error.message });
            return;
          }
          if (error instanceof ProviderSkip) {
            position[provider.id] = { done: true, matched: 0 };
            report(provider, { status: 'skipped', ms: ms(), returned: 0, message: error.message });
            return;
          }
          const failures = (at.failures ?? 0) + 1;
          const timedOut = error instanceof ProviderTimeout;
          const refused = error instanceof RemoteError && error.refused;
          const given = refused || failures >= MAX_FAILURES;
          position[provider.id] = given ? { done: true } : { ...at, failures };
          report(provider, {
            status: timedOut ? 'timeout' : 'error',
            ms: ms(),
            returned: 0,
            message: `${timedOut ? `no answer within ${provider.timeoutMs} ms` : describe(error)}${refused ? '' : given ? `; given up after ${failures} pages` : '; asked again on the next page'}`,
          });
        }
      }),
    );
    pages.sort((a, b) => a.provider - b.provider);
    const all = selected.map((p) => position[p.id]);
    const numberMatched = all.every((p) => p?.matched !== undefined)
      ? all.reduce((sum, p) => sum + (p?.matched ?? 0), 0)
      : undefined;
    return {
      pages,
      members,
      reports: selected.flatMap((p) => reports.get(p.id) ?? []),
      position,
      more: all.some((p) => p !== undefined && !p.done),
      numberMatched,
    };
  }
}

/**
 * Runs `work` with an abort signal that fires after `ms`; rejects with ProviderTimeout then,
 * even if the work ignores its signal, so a slow provider never holds the page longer.
 */
async function withTimeout<R>(
  ms: number | undefined,
  work: (signal: AbortSignal) => Promise<R>,
): Promise<R> {
  const controller = new AbortController();
  if (ms === undefined) return work(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort(new ProviderTimeout());
      reject(new ProviderTimeout());
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } catch (error) {
    if (controller.signal.aborted) throw new ProviderTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A provider's failure in one line: what fetch says is in its cause (ECONNREFUSED...). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

function selfLink(origin: SearchOrigin): StacLink {
  const q = origin.method === 'GET' ? origin.query?.toString() : undefined;
  return {
    rel: 'self',
    type: MEDIA.geojson,
    href: q ? `${origin.endpoint}?${q}` : origin.endpoint,
  };
}

/**
 * STAC API Item Search §Pagination: GET repeats the query, POST the body, with the page's
 * token (`next`) or without one (`first`).
 */
function pageLink(origin: SearchOrigin, rel: 'next' | 'first', token?: string): StacLink {
  if (origin.method === 'POST') {
    const { token: _current, ...body } = (origin.body ?? {}) as Record<string, unknown>;
    return {
      rel,
      type: MEDIA.geojson,
      href: origin.endpoint,
      method: 'POST',
      body: token === undefined ? body : { ...body, token },
      merge: false,
    };
  }
  const query = new URLSearchParams(origin.query);
  if (token === undefined) query.delete('token');
  else query.set('token', token);
  const q = query.toString();
  return {
    rel,
    type: MEDIA.geojson,
    href: q ? `${origin.endpoint}?${q}` : origin.endpoint,
    method: 'GET',
  };
}
