import type { ProbeObservation } from '../probe.js';
import { fetchOk } from './http.js';

export interface KernelsGatewayTarget {
  /** The gateway's URL (its service prefix), ending with '/'. */
  url: string;
  token: string;
  /** The kernel spec to start; the gateway's default when unset. */
  kernelName?: string | undefined;
}

/**
 * A kernel started and stopped through the gateway's Jupyter Server API (`POST /api/kernels`,
 * `DELETE /api/kernels/{id}`): the whole path a notebook takes to get a kernel. The kernel is
 * deleted even when the check times out half-way.
 */
export function kernelsGatewayCheck(target: KernelsGatewayTarget, fetchImpl?: typeof fetch) {
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;
  const headers = { authorization: `token ${target.token}`, 'content-type': 'application/json' };
  const init = { headers, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  return async (signal: AbortSignal): Promise<ProbeObservation> => {
    const started = performance.now();
    const kernel = (await fetchOk(`${base}api/kernels`, signal, {
      ...init,
      method: 'POST',
      body: JSON.stringify(target.kernelName ? { name: target.kernelName } : {}),
    })) as { id?: string; name?: string } | undefined;
    if (!kernel?.id) throw new Error(`${base}api/kernels started no kernel (no id)`);
    const startMs = Math.round(performance.now() - started);
    // Not under the probe's signal: a kernel left running would cost a user's share of the host.
    await fetchOk(
      `${base}api/kernels/${encodeURIComponent(kernel.id)}`,
      AbortSignal.timeout(30_000),
      {
        ...init,
        method: 'DELETE',
      },
    );
    return { detail: `kernel ${kernel.name ?? ''} started in ${startMs} ms and stopped` };
  };
}
