/**
 * A thin client for the Styx processing service (OGC API – Processes). The `fetch` is injected:
 * under JupyterHub it carries the user's token (see catalog/hub-connection.ts).
 */
import type { FetchFunction } from '../catalog/client.js';
import type { JobStatusInfo, ProcessDescription, ProcessSummary } from './types.js';

export class ProcessingRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProcessingRequestError';
  }
}

export class ProcessingClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: FetchFunction,
  ) {}

  async processes(): Promise<ProcessSummary[]> {
    return ((await this.json('GET', 'processes')) as { processes: ProcessSummary[] }).processes;
  }

  async describe(id: string): Promise<ProcessDescription> {
    return (await this.json('GET', `processes/${encodeURIComponent(id)}`)) as ProcessDescription;
  }

  /** Asynchronous execution (Prefer: respond-async): the new job's status. */
  async execute(id: string, inputs: Record<string, unknown>): Promise<JobStatusInfo> {
    return (await this.json(
      'POST',
      `processes/${encodeURIComponent(id)}/execution`,
      { inputs },
      {
        Prefer: 'respond-async',
      },
    )) as JobStatusInfo;
  }

  async jobs(): Promise<JobStatusInfo[]> {
    return ((await this.json('GET', 'jobs?limit=50')) as { jobs: JobStatusInfo[] }).jobs;
  }

  async results(jobId: string): Promise<Record<string, unknown>> {
    return (await this.json('GET', `jobs/${encodeURIComponent(jobId)}/results`)) as Record<
      string,
      unknown
    >;
  }

  async logs(jobId: string): Promise<string> {
    const response = await this.send('GET', `jobs/${encodeURIComponent(jobId)}/logs?tail=200`);
    return response.text();
  }

  async dismiss(jobId: string): Promise<JobStatusInfo> {
    return (await this.json('DELETE', `jobs/${encodeURIComponent(jobId)}`)) as JobStatusInfo;
  }

  private async json(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return (await this.send(method, path, body, headers)).json();
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.baseUrl).href, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ProcessingRequestError(`the processing service at ${this.baseUrl} does not answer`);
    }
    if (!response.ok) {
      let detail = `${response.status} ${response.statusText}`;
      try {
        const problem = (await response.json()) as { detail?: string; description?: string };
        detail = problem.detail ?? problem.description ?? detail;
      } catch {
        // not JSON
      }
      throw new ProcessingRequestError(
        response.status === 401 ? `log in to use processing (${detail})` : detail,
        response.status,
      );
    }
    return response;
  }
}
