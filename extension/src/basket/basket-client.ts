/**
 * A thin client for the catalog's basket (`<catalog>/basket`). The `fetch` is injected: under
 * JupyterHub it carries the user's token (catalog/hub-connection.ts), which is what tells the
 * catalog whose basket this is.
 */
import type { FetchFunction } from '../catalog/client.js';
import type { Basket, ScriptKind } from './types.js';

export class BasketRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BasketRequestError';
  }
}

export class BasketClient {
  /** `catalogUrl` is the catalog's base URL, ending with '/'. */
  constructor(
    readonly catalogUrl: string,
    private readonly fetchFn: FetchFunction,
  ) {}

  async get(): Promise<Basket> {
    try {
      return (await (await this.send('GET', 'basket')).json()) as Basket;
    } catch (error) {
      // Another STAC API (the settings may name one) has no baskets: say that, not "no such endpoint".
      if (error instanceof BasketRequestError && error.status === 404) {
        throw new BasketRequestError(
          `the catalog at ${this.catalogUrl} keeps no baskets (only a Styx catalog does)`,
          404,
        );
      }
      throw error;
    }
  }

  /** The whole item without `assets`; else only those assets of it. */
  async add(collection: string, item: string, assets?: readonly string[]): Promise<Basket> {
    const body = { collection, item, ...(assets ? { assets } : {}) };
    return (await (await this.send('POST', 'basket/items', body)).json()) as Basket;
  }

  async removeItem(collection: string, item: string): Promise<Basket> {
    return (await (await this.send('DELETE', itemPath(collection, item))).json()) as Basket;
  }

  async removeAsset(collection: string, item: string, asset: string): Promise<Basket> {
    const path = `${itemPath(collection, item)}/assets/${encodeURIComponent(asset)}`;
    return (await (await this.send('DELETE', path)).json()) as Basket;
  }

  async clear(): Promise<void> {
    await this.send('DELETE', 'basket');
  }

  /** The zip's response, to be read as a stream (its body is not read here). */
  async zip(signal?: AbortSignal): Promise<Response> {
    return this.send('GET', 'basket/download.zip', undefined, signal);
  }

  async script(kind: ScriptKind): Promise<string> {
    return (await this.send('GET', `basket/download.${kind}`)).text();
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.catalogUrl).href, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new BasketRequestError(`the catalog at ${this.catalogUrl} does not answer`);
    }
    if (!response.ok) {
      let detail = `${response.status} ${response.statusText}`.trim();
      try {
        const problem = (await response.json()) as { description?: string };
        if (problem.description) detail = problem.description;
      } catch {
        // not JSON
      }
      throw new BasketRequestError(
        response.status === 401 ? `log in through JupyterHub to use a basket (${detail})` : detail,
        response.status,
      );
    }
    return response;
  }
}

function itemPath(collection: string, item: string): string {
  return `basket/items/${encodeURIComponent(collection)}/${encodeURIComponent(item)}`;
}
