import type { ProbeObservation } from '../probe.js';
import { fetchOk } from './http.js';

/**
 * A real item search (STAC API Item Search, `POST /search` with limit 1): the catalog's API,
 * its database and PgSTAC's search() all have to work for it to answer a FeatureCollection.
 */
export function catalogSearchCheck(catalogUrl: string, fetchImpl?: typeof fetch) {
  const url = new URL('search', catalogUrl.endsWith('/') ? catalogUrl : `${catalogUrl}/`).href;
  return async (signal: AbortSignal): Promise<ProbeObservation> => {
    const body = (await fetchOk(url, signal, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/geo+json' },
      body: JSON.stringify({ limit: 1 }),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    })) as { type?: string; features?: unknown[] } | undefined;
    if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
      throw new Error(`${url} did not answer a FeatureCollection`);
    }
    return { detail: `${body.features.length} item(s) on the first page` };
  };
}
