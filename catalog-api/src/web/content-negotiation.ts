/**
 * Does a request's Accept header ask for a web page rather than the API's JSON? (RFC 9110
 * §12.5.1.) Only an explicit text/html (or XHTML) counts: STAC clients send application/json,
 * the any-type wildcard or nothing, and keep getting JSON, while browsers list text/html first
 * and JSON at best through a wildcard with a lower q. A tie goes to JSON, the API's own representation.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (JSON_RANGES.has(type) || type.endsWith('+json')) json = Math.max(json, q);
  }
  return html > json;
}

/** Media ranges that a JSON (STAC, GeoJSON, OpenAPI) response satisfies. */
const JSON_RANGES = new Set(['application/json', 'application/*', '*/*']);
