import type { FetchFunction } from '../catalog/client.js';
import type { HealthDocument, Incident, UptimeReport } from './types.js';

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

  private async getJson(path: string): Promise<unknown> {
    const response = await this.fetchFn(`${this.healthUrl}${path}`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`the health service answered ${response.status} to ${path}`);
    return response.json();
  }
}
