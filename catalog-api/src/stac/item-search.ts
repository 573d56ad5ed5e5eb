import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import type {
  PgstacItemCollection,
  PgstacSearch,
  StacItem,
  StacLink,
} from '../catalog/stac-types.js';
import { InvalidQueryError } from '../errors.js';
import { expandSearchText, THESAURUS_MEMBER, type Thesaurus } from '../thesaurus/index.js';
import { cql2Properties, normaliseCql2Json } from './cql2-validation.js';
import { wantsLinks } from './fields.js';
import { itemLinks, MEDIA, mergeLinks } from './links.js';
import { queryToCql2 } from './query-extension.js';
import { QueryablesCache } from './queryables-cache.js';
import { type SearchBody, searchFromBody } from './search-request.js';

/** Where a search came from, to build its self and paging links the same way. */
export interface SearchOrigin {
  method: 'GET' | 'POST';
  /** The endpoint's URL (e.g. `<base>search` or `<base>collections/x/items`). */
  endpoint: string;
  /** GET: the query string as received; paging links keep it and swap the token. */
  query?: URLSearchParams;
  /** POST: the body as received; paging links repeat it with the token. */
  body?: SearchBody;
}

/** Names every item has whether or not they are registered as queryables. */
const CORE_FIELDS = new Set([
  'id',
  'collection',
  'geometry',
  'datetime',
  'start_datetime',
  'end_datetime',
  'bbox',
]);

const stripProperties = (name: string): string => name.replace(/^properties\./, '');

/**
 * Item search (STAC API Item Search, and the Features items endpoint which is the same search
 * scoped to one collection): validation, PgSTAC's search(), then links rooted at the public URL.
 */
export class ItemSearch {
  private readonly queryables: QueryablesCache;

  constructor(
    private readonly catalog: PgstacCatalog,
    private readonly baseUrl: string,
    private readonly thesaurus?: Thesaurus,
  ) {
    this.queryables = new QueryablesCache(catalog);
  }

  /** Drops cached queryables (after a transaction changed what exists). */
  invalidate(): void {
    this.queryables.clear();
  }

  async run(body: SearchBody, origin: SearchOrigin): Promise<PgstacItemCollection> {
    const { search: expanded, report } = expandSearchText(
      searchFromBody(body),
      this.thesaurus,
      body.thesaurus !== false,
    );
    const search = await this.withQueryAsFilter(expanded);
    if (search.filter !== undefined) search.filter = normaliseCql2Json(search.filter);
    await this.checkNames(search);
    const result = await this.catalog.search(search);
    const page = this.present(result, search, origin);
    return report ? { ...page, [THESAURUS_MEMBER]: report } : page;
  }

  /** The Query extension becomes CQL2, ANDed with any filter; PgSTAC then sees one filter. */
  private async withQueryAsFilter(search: PgstacSearch): Promise<PgstacSearch> {
    if (!search.query) return search;
    const { query, ...rest } = search;
    const types = await this.queryables.types(search.collections);
    const translated = queryToCql2(query, (name) => types.get(stripProperties(name)));
    if (!translated) return rest;
    return {
      ...rest,
      filter: rest.filter ? { op: 'and', args: [rest.filter, translated] } : translated,
      'filter-lang': 'cql2-json',
    };
  }

  /** Filter and sort names must be queryables (OGC API Features Part 3 §Queryables). */
  private async checkNames(search: PgstacSearch): Promise<void> {
    const names = new Set<string>();
    if (search.filter !== undefined) for (const n of cql2Properties(search.filter)) names.add(n);
    for (const s of search.sortby ?? []) names.add(s.field);
    const unknown = [...names].map(stripProperties).filter((n) => !CORE_FIELDS.has(n));
    if (unknown.length === 0) return;
    const known = await this.queryables.types(search.collections);
    const missing = unknown.filter((n) => !known.has(n));
    if (missing.length > 0) {
      const where = search.collections?.length
        ? `collections/${search.collections[0]}/queryables`
        : 'queryables';
      throw new InvalidQueryError(
        `unknown queryable${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; see ${this.baseUrl}${where} for the names you can filter and sort on`,
      );
    }
  }

  private present(
    result: PgstacItemCollection,
    search: PgstacSearch,
    origin: SearchOrigin,
  ): PgstacItemCollection {
    const withLinks = wantsLinks(
      search.fields && {
        include: search.fields.include ?? [],
        exclude: search.fields.exclude ?? [],
      },
    );
    const features = result.features.map((item) => this.presentItem(item, withLinks));
    const links: StacLink[] = [
      { rel: 'root', type: MEDIA.json, href: this.baseUrl },
      selfLink(origin),
    ];
    for (const rel of ['next', 'prev'] as const) {
      const token = pageToken(result.links, rel);
      if (token) links.push(pageLink(origin, rel, token));
    }
    return {
      type: 'FeatureCollection',
      features,
      links,
      numberReturned: result.numberReturned,
      ...(result.numberMatched !== undefined ? { numberMatched: result.numberMatched } : {}),
    };
  }

  presentItem(item: StacItem, withLinks = true): StacItem {
    const whole = withNullDatetime(item);
    if (!withLinks || !whole.collection || whole.id === undefined) return whole;
    return {
      ...whole,
      links: mergeLinks(whole.links, itemLinks(this.baseUrl, whole.collection, whole.id)),
    };
  }
}

/**
 * STAC Item §datetime: required, null when start_datetime and end_datetime are given.
 * PgSTAC's hydration drops JSON nulls, so such items come back without it; put it back.
 */
function withNullDatetime(item: StacItem): StacItem {
  const p = item.properties;
  if (!p || 'datetime' in p || p.start_datetime === undefined) return item;
  return { ...item, properties: { datetime: null, ...p } };
}

/** PgSTAC's search() puts its paging tokens in `?token=next:…` links; take the token. */
function pageToken(links: StacLink[], rel: 'next' | 'prev'): string | undefined {
  const href = links.find((l) => l.rel === rel)?.href;
  const match = href ? /[?&]token=([^&]+)/.exec(href) : null;
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function selfLink(origin: SearchOrigin): StacLink {
  if (origin.method === 'POST') {
    return { rel: 'self', type: MEDIA.geojson, href: origin.endpoint };
  }
  const q = origin.query?.toString();
  return {
    rel: 'self',
    type: MEDIA.geojson,
    href: q ? `${origin.endpoint}?${q}` : origin.endpoint,
  };
}

/** STAC API Item Search §Pagination: GET repeats the query; POST repeats the body. */
function pageLink(origin: SearchOrigin, rel: 'next' | 'prev', token: string): StacLink {
  if (origin.method === 'POST') {
    return {
      rel,
      type: MEDIA.geojson,
      href: origin.endpoint,
      method: 'POST',
      body: { ...origin.body, token },
      merge: false,
    };
  }
  const query = new URLSearchParams(origin.query);
  query.set('token', token);
  return {
    rel,
    type: MEDIA.geojson,
    href: `${origin.endpoint}?${query.toString()}`,
    method: 'GET',
  };
}
