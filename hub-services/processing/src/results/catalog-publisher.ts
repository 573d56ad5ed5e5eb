import { resultsCollection, resultsCollectionId } from './result-item.js';

export interface CatalogPublisherOptions {
  /** The catalog's URL, ending with '/' (through the Hub: `<hub>/services/catalog/`). */
  catalogUrl: string;
  /** A token holding the catalog's write scope (the processing service's own Hub token). */
  token: string;
  fetch?: typeof fetch;
  /** Attempts for a transient failure (network, 5xx), with a doubling pause. */
  attempts?: number;
  retryDelayMs?: number;
}

/** The catalog refused what was sent (a 4xx): retrying will not help. */
export class CatalogRefusedError extends Error {}

/**
 * Registers result items in the catalog through its Transactions API: the owner's results
 * collection is created the first time, the item created, or replaced when it exists (a job's
 * results published again after a restart give the same item, not a second one).
 */
export class CatalogPublisher {
  private readonly fetch: typeof fetch;
  private readonly known = new Set<string>();

  constructor(private readonly options: CatalogPublisherOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** The catalog's URL, ending with '/'. */
  get catalogUrl(): string {
    return this.options.catalogUrl;
  }

  /** Publishes the item in its owner's collection; returns the item's URL in the catalog. */
  async publish(owner: string, item: { id: string }): Promise<string> {
    const collectionId = resultsCollectionId(owner);
    const base = this.options.catalogUrl;
    if (!this.known.has(collectionId)) {
      const created = await this.send('POST', `${base}collections`, resultsCollection(owner));
      if (created.status !== 201 && created.status !== 409)
        await this.refuse(created, 'collection');
      this.known.add(collectionId);
    }
    const items = `${base}collections/${encodeURIComponent(collectionId)}/items`;
    const itemUrl = `${items}/${encodeURIComponent(item.id)}`;
    let response = await this.send('POST', items, item);
    if (response.status === 409) response = await this.send('PUT', itemUrl, item);
    if (response.status !== 201 && response.status !== 204) await this.refuse(response, 'item');
    return itemUrl;
  }

  /** Deletes a result item (its job was dismissed); one already gone is fine. */
  async remove(itemUrl: string): Promise<void> {
    const response = await this.send('DELETE', itemUrl);
    if (response.status !== 204 && response.status !== 200 && response.status !== 404)
      await this.refuse(response, 'deletion');
  }

  private async send(method: string, url: string, body?: unknown): Promise<Response> {
    const attempts = this.options.attempts ?? 4;
    let delay = this.options.retryDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.fetch(url, {
          method,
          headers: {
            authorization: `token ${this.options.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status < 500 || attempt >= attempts) return response;
        await response.body?.cancel();
      } catch (error) {
        if (attempt >= attempts)
          throw new Error(`the catalog at ${url} did not answer: ${(error as Error).message}`, {
            cause: error,
          });
      }
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }

  private async refuse(response: Response, what: string): Promise<never> {
    const text = await response.text().catch(() => '');
    let detail = text;
    try {
      const body = JSON.parse(text) as { description?: string; detail?: string; message?: string };
      detail = body.description ?? body.detail ?? body.message ?? text;
    } catch {}
    const message =
      `the catalog refused the results ${what}: HTTP ${response.status} ${detail}`.trim();
    if (response.status >= 500) throw new Error(message);
    throw new CatalogRefusedError(message);
  }
}
