import type { ProbeObservation } from '../probe.js';
import { fetchOk } from './http.js';

/** The slurmrestd API version the processing backend speaks (Slurm 22.05+). */
const API = 'slurm/v0.0.38';

export interface SlurmTarget {
  url: string;
  user: string;
  token: string;
}

/**
 * slurmrestd `ping` (is slurmctld answering, and which one is primary) and `diag` (the
 * scheduler's statistics): both must answer; a controller that pings but says it is not
 * responding fails.
 */
export function slurmCheck(target: SlurmTarget, fetchImpl?: typeof fetch) {
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;
  const headers = { 'x-slurm-user-name': target.user, 'x-slurm-user-token': target.token };
  const init = { headers, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  return async (signal: AbortSignal): Promise<ProbeObservation> => {
    const ping = (await fetchOk(`${base}${API}/ping`, signal, init)) as {
      pings?: Array<{ hostname?: string; ping?: string; status?: number }>;
      errors?: Array<{ error?: string }>;
    };
    const errors = (ping?.errors ?? []).map((e) => e.error).filter(Boolean);
    if (errors.length > 0) throw new Error(`slurmrestd: ${errors.join('; ')}`);
    const answering = (ping?.pings ?? []).filter((p) => p.ping === 'UP' || p.status === 0);
    if (answering.length === 0) throw new Error('no slurmctld answers slurmrestd ping');
    const diag = (await fetchOk(`${base}${API}/diag`, signal, init)) as {
      statistics?: { jobs_running?: number; jobs_pending?: number };
    };
    const s = diag?.statistics;
    return {
      detail: `slurmctld ${answering.map((p) => p.hostname).join(', ')} up${s ? `; ${s.jobs_running ?? 0} running, ${s.jobs_pending ?? 0} pending` : ''}`,
    };
  };
}
