import { XMLParser } from 'fast-xml-parser';

/**
 * An OpenSearch description document (OpenSearch 1.1 §OpenSearch description document) and
 * its URL templates: `{name}` and `{name?}` parameters, prefixed by namespace (geo:box,
 * time:start; OGC 10-032r8 and CEOS OpenSearch Best Practice).
 */
export interface UrlTemplate {
  type: string;
  template: string;
  /** The index the first result has (OpenSearch 1.1 indexOffset; default 1). */
  indexOffset: number;
}

/** Response formats federation reads, best first: CEOS GeoJSON (OGC 17-047), then Atom. */
export const RESPONSE_TYPES = ['application/geo+json', 'application/atom+xml'] as const;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => name === 'Url',
});

/** The description's search template in the best format this client reads. */
export function pickSearchTemplate(xml: string): UrlTemplate {
  const doc = parser.parse(xml) as { OpenSearchDescription?: { Url?: Record<string, string>[] } };
  const urls = doc.OpenSearchDescription?.Url;
  if (!urls)
    throw new Error('not an OpenSearch description document (no OpenSearchDescription/Url)');
  const results = urls.filter((u) => (u['@_rel'] ?? 'results') === 'results');
  for (const type of RESPONSE_TYPES) {
    const url = results.find((u) => u['@_type']?.split(';')[0]?.trim() === type);
    if (url?.['@_template']) {
      return {
        type,
        template: url['@_template'],
        indexOffset: Number(url['@_indexOffset'] ?? 1),
      };
    }
  }
  throw new Error(
    `its description offers none of ${RESPONSE_TYPES.join(', ')} (it offers ${results.map((u) => u['@_type']).join(', ')})`,
  );
}

/**
 * Fills a template (OpenSearch 1.1 §OpenSearch URL template syntax). Given parameters are
 * percent-encoded; a required one not given is an error, since the search would not be the
 * one asked. A query parameter whose template names only optional parameters that are not
 * given is left out, as clients do: servers read `bbox=` or `time=/` as a (bad) value, not as
 * "no constraint" (pycsw 2.6 refuses them).
 */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  const fill = (part: string) =>
    part.replace(PARAMETER, (_match, name: string, optional: string) => {
      const value = values[name];
      if (value !== undefined) return encodeURIComponent(value);
      if (optional) return '';
      throw new Error(`its template requires {${name}}, which this search cannot give`);
    });
  const [path = '', query] = repairPercents(template).split(/\?(.*)/s, 2);
  if (query === undefined) return fill(path);
  const kept = query.split('&').filter((pair) => {
    const names = [...pair.matchAll(PARAMETER)];
    return names.length === 0 || names.some((m) => !m[2] || values[m[1]!] !== undefined);
  });
  return `${fill(path)}?${kept.map(fill).join('&')}`;
}

const PARAMETER = /\{([^}?]+)(\??)\}/g;

/**
 * A '%' that starts no percent-escape is dropped: pycsw 2.6 writes its Atom template's
 * `application/atom%2Bxml` as `atom%%2Bxml` (a format string escaped twice).
 */
function repairPercents(template: string): string {
  return template.replace(/%(?![0-9A-Fa-f]{2})/g, '');
}

/** The parameter names a template takes (to tell which search parameters it can honour). */
export function templateParameters(template: string): Set<string> {
  return new Set([...template.matchAll(/\{([^}?]+)\??\}/g)].map((m) => m[1]!));
}
