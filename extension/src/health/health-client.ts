import type { FetchFunction } from '../catalog/client.js';
import type { HealthDocument, Incident, LatencyPoint, ProbeRun, UptimeReport } from './types.js';

/** The health service's read API. A 503 from /health is an answer (something is down), not an error. */
export class HealthClient {
  constructor(
    readonly healthUrl: string,
    private readonly fetchFn: FetchFunction,
  ) {}

  async health(): Promise<HealthDocument> {
    const response = await this.fetchFn(`${this.healthUrl}health`, {
      headers: { accept: 'application/health+json' },
    });
    if (!response.ok && response.status !== 503)
      throw new Error(`the health service answered ${response.status}`);
    return (await response.json()) as HealthDocument;
  }

  async uptime(days = 90): Promise<UptimeReport> {
    return (await this.getJson(`uptime?days=${days}`)) as UptimeReport;
  }

  async incidents(): Promise<Incident[]> {
    return ((await this.getJson('incidents?days=90&limit=50')) as { incidents: Incident[] })
      .incidents;
  }

  /** Admins: a probe's hourly latency over the last `hours`. */
  async latency(probeId: string, hours = 48): Promise<LatencyPoint[]> {
    return (
      (await this.getJson(`probes/${encodeURIComponent(probeId)}/latency?hours=${hours}`)) as {
        points: LatencyPoint[];
      }
    ).points;
  }

  /** Admins: runs a probe now and answers its result. */
  async runNow(probeId: string): Promise<ProbeRun> {
    const response = await this.fetchFn(
      `${this.healthUrl}probes/${encodeURIComponent(probeId)}/run`,
      {
        method: 'POST',
        headers: { accept: 'application/json' },
      },
    );
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      throw new Error(problem.detail ?? `the health service answered ${response.status}`);
    }
    return (await response.json()) as ProbeRun;
  }

  private async getJson(path: string): Promise<unknown> {
    const response = await this.fetchFn(`${this.healthUrl}${path}`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`the health service answered ${response.status} to ${path}`);
    return response.json();
  }
}
