import type { ProbeObservation } from '../probe.js';
import { fetchOk } from './http.js';

/** A Styx service's own /readyz (service-health): it checks its dependencies itself. */
export function serviceReadinessCheck(serviceUrl: string, fetchImpl?: typeof fetch) {
  const url = new URL('readyz', serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`).href;
  return async (signal: AbortSignal): Promise<ProbeObservation> => {
    const body = (await fetchOk(url, signal, fetchImpl ? { fetch: fetchImpl } : {})) as
      | { status?: string }
      | undefined;
    if (body?.status !== 'pass') throw new Error(`${url} says ${body?.status ?? 'nothing'}`);
    return {};
  };
}
