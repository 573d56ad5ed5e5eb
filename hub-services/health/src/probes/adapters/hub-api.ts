import type { ProbeObservation } from '../probe.js';
import { fetchOk } from './http.js';

/**
 * JupyterHub's REST API root (`GET /hub/api/`, no token needed), which answers with the Hub's
 * version: directly at the Hub's own address, or at the public address through the proxy (what
 * a browser goes through: a dead proxy with a live Hub still means no notebooks).
 */
export function hubApiCheck(apiUrl: string, fetchImpl?: typeof fetch) {
  const url = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  return async (signal: AbortSignal): Promise<ProbeObservation> => {
    const body = (await fetchOk(url, signal, fetchImpl ? { fetch: fetchImpl } : {})) as
      | { version?: unknown }
      | undefined;
    if (typeof body?.version !== 'string')
      throw new Error(`${url} is not a JupyterHub API (no version)`);
    return { detail: `JupyterHub ${body.version}` };
  };
}
