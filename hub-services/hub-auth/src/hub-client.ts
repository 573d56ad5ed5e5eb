import { HubUnavailableError } from './errors.js';
import { type HubIdentity, identityFromHubModel } from './identity.js';

export interface HubClientOptions {
  /** The Hub's REST API, ending with '/'. */
  apiUrl: string;
  /** The service's own API token (also its OAuth client secret). */
  apiToken: string;
  clientId: string;
  callbackUrl: string;
  /** The network seam; tests may pass their own. */
  fetch?: typeof fetch;
  /** How long one call to the Hub may take. */
  timeoutMs?: number;
}

/**
 * A thin client for the two Hub calls a service makes: who is behind a token
 * (`GET /hub/api/user`), and the OAuth code-for-token exchange (`POST /hub/api/oauth2/token`).
 */
export class HubClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: HubClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The identity behind `token`, or undefined when the Hub does not accept it. */
  async identify(token: string): Promise<HubIdentity | undefined> {
    const response = await this.call(`${this.options.apiUrl}user`, {
      headers: { authorization: `token ${token}`, accept: 'application/json' },
    });
    if (response.status === 401 || response.status === 403) return undefined;
    if (!response.ok) {
      throw new HubUnavailableError(`the Hub answered ${response.status} to GET /hub/api/user`);
    }
    try {
      return identityFromHubModel(await response.json());
    } catch (error) {
      throw new HubUnavailableError('the Hub answered GET /hub/api/user with no identity', {
        cause: error,
      });
    }
  }

  /** Trades an OAuth authorization code for the user's access token to this service. */
  async exchangeCode(code: string): Promise<string | undefined> {
    const body = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.apiToken,
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.callbackUrl,
    });
    const response = await this.call(`${this.options.apiUrl}oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    // A stale or replayed code is the browser's problem, not the Hub's: no token.
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      return undefined;
    }
    if (!response.ok) {
      throw new HubUnavailableError(`the Hub answered ${response.status} to the OAuth token call`);
    }
    const answer = (await response.json()) as { access_token?: unknown };
    return typeof answer.access_token === 'string' ? answer.access_token : undefined;
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new HubUnavailableError(`the Hub did not answer at ${url}`, { cause: error });
    }
  }
}
