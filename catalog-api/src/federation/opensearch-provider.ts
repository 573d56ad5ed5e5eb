import type { StacItem } from '../catalog/stac-types.js';
import { PROVIDER_PROPERTY, type ProviderConfig } from '../schemas/federation.js';
import type { SearchBody } from '../stac/search-request.js';
import {
  fillTemplate,
  pickSearchTemplate,
  templateParameters,
  type UrlTemplate,
} from './opensearch-description.js';
import {
  type OpenSearchPage,
  parseAtomResults,
  parseGeoJsonResults,
} from './opensearch-results.js';
import { type FederationProvider, type ProviderPage, ProviderSkip } from './provider.js';
import { fetchRemote, RemoteError, sameOrigin } from './remote-http.js';

/**
 * An OpenSearch service (OpenSearch 1.1 with the Geo and Time extensions, OGC 10-032r8; CEOS
 * OpenSearch Best Practice), found by its description document: the search's q becomes
 * {searchTerms}, bbox {geo:box}, datetime {time:start}/{time:end}, one id {geo:uid}, the page
 * {count} and {startIndex}. What its template cannot say (a CQL2 filter, intersects, the Query
 * extension, collections) is not sent as something else: the provider is skipped, and says why.
 */
export class OpenSearchProvider implements FederationProvider {
  readonly id: string;
  readonly title: string;
  readonly timeoutMs: number;
  private readonly url: string;
  private readonly headers: Record<string, string> | undefined;
  /** The description, read once on first use; read again after a failure. */
  private description: Promise<UrlTemplate> | undefined;

  constructor(config: ProviderConfig) {
    this.id = config.id;
    this.title = config.title;
    this.timeoutMs = config.timeoutMs;
    this.url = config.url;
    this.headers = config.headers;
  }

  async searchItems(
    body: SearchBody,
    cursor: unknown,
    limit: number,
    signal: AbortSignal,
  ): Promise<ProviderPage<StacItem>> {
    const template = await this.template(signal);
    const values = this.parameters(body, templateParameters(template.template));
    const startIndex = typeof cursor === 'number' ? cursor : template.indexOffset;
    values.count = String(limit);
    values.startIndex = String(startIndex);
    let url: string;
    try {
      url = fillTemplate(template.template, values);
    } catch (error) {
      throw new ProviderSkip((error as Error).message);
    }
    if (!sameOrigin(url, this.url)) {
      throw new RemoteError(`its search template leaves ${new URL(this.url).origin}: ${url}`);
    }
    const answer = await fetchRemote({ url, accept: template.type, headers: this.headers, signal });
    let page: OpenSearchPage;
    try {
      page =
        template.type === 'application/atom+xml'
          ? parseAtomResults(answer)
          : parseGeoJsonResults(JSON.parse(answer));
    } catch (error) {
      throw new RemoteError(`${url}: ${(error as Error).message}`);
    }
    const returned = page.items.length;
    // Counted from the index asked for, not the one it reports: pycsw 2.6 reports 1 on a last
    // page (its nextRecord 0 minus the page size, clamped), which would start paging over.
    const first = startIndex;
    const more =
      returned > 0 &&
      (page.totalResults === undefined ||
        first + returned - template.indexOffset < page.totalResults);
    return {
      features: page.items.map((item) => ({
        ...item,
        properties: { ...item.properties, [PROVIDER_PROPERTY]: this.id },
      })),
      next: more ? first + returned : undefined,
      matched: page.totalResults,
    };
  }

  private template(signal: AbortSignal): Promise<UrlTemplate> {
    this.description ??= fetchRemote({
      url: this.url,
      accept: 'application/opensearchdescription+xml, application/xml',
      headers: this.headers,
      signal,
    }).then((xml) => {
      try {
        return pickSearchTemplate(xml);
      } catch (error) {
        throw new RemoteError(`${this.url}: ${(error as Error).message}`);
      }
    });
    this.description.catch(() => {
      this.description = undefined;
    });
    return this.description;
  }

  /** The template's values for this search; a parameter it cannot carry skips the provider. */
  private parameters(body: SearchBody, accepts: Set<string>): Record<string, string | undefined> {
    const cannot = (what: string) => {
      throw new ProviderSkip(`OpenSearch cannot express ${what}`);
    };
    if (body.filter !== undefined) cannot('a CQL2 filter');
    if (body.intersects) cannot('intersects (only a bbox)');
    if (body.query) cannot('the Query extension');
    if (body.collections) cannot('collections');
    const values: Record<string, string | undefined> = {};
    const need = (name: string, what: string) => {
      if (!accepts.has(name)) cannot(`${what}: its template has no {${name}}`);
    };
    if (body.q !== undefined) {
      need('searchTerms', 'q');
      values.searchTerms = [body.q].flat().join(' ');
    }
    if (body.bbox) {
      need('geo:box', 'bbox');
      values['geo:box'] = body.bbox.slice(0, 4).join(',');
    }
    if (body.datetime) {
      need('time:start', 'datetime');
      const [start, end] = body.datetime.includes('/')
        ? body.datetime.split('/')
        : [body.datetime, body.datetime];
      if (start && start !== '..') values['time:start'] = start;
      if (end && end !== '..') values['time:end'] = end;
    }
    if (body.ids) {
      const ids = [body.ids].flat();
      if (ids.length > 1) cannot('more than one id');
      need('geo:uid', 'ids');
      values['geo:uid'] = ids[0];
    }
    return values;
  }
}
