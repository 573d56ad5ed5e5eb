/**
 * A thin client for the kernels gateway's mounts (`<hub>/services/kernels/api/styx/mounts`).
 * The `fetch` is injected: under JupyterHub it carries the user's token (catalog/hub-connection.ts).
 */
import type { FetchFunction } from '../catalog/client.js';
import type { Mount, MountRequest } from './types.js';

export class MountsRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MountsRequestError';
  }
}

export class MountsClient {
  /** `gatewayUrl` is the gateway's base, ending with '/': `http://host/services/kernels/`. */
  constructor(
    readonly gatewayUrl: string,
    private readonly fetchFn: FetchFunction,
  ) {}

  async list(): Promise<Mount[]> {
    return (await (await this.send('GET', 'api/styx/mounts')).json()) as Mount[];
  }

  async get(name: string): Promise<Mount> {
    return (await (await this.send('GET', this.pathOf(name))).json()) as Mount;
  }

  async create(request: MountRequest): Promise<Mount> {
    return (await (await this.send('POST', 'api/styx/mounts', request)).json()) as Mount;
  }

  async remove(name: string): Promise<void> {
    await this.send('DELETE', this.pathOf(name));
  }

  private pathOf(name: string): string {
    return `api/styx/mounts/${encodeURIComponent(name)}`;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.gatewayUrl).href, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new MountsRequestError(`the kernels gateway at ${this.gatewayUrl} does not answer`);
    }
    if (!response.ok) {
      let detail = `${response.status} ${response.statusText}`.trim();
      try {
        const problem = (await response.json()) as { message?: string };
        if (problem.message) detail = problem.message;
      } catch {
        // not JSON
      }
      throw new MountsRequestError(
        response.status === 401 ? `log in to mount datasets (${detail})` : detail,
        response.status,
      );
    }
    return response;
  }
}
