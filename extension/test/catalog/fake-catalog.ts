/**
 * A stand-in for the network seam only (the model's injected `fetch`): records each request
 * and answers from a handler, optionally after a delay, so ordering races can be staged.
 */
export interface RecordedRequest {
  method: string;
  url: URL;
  body: Record<string, unknown> | undefined;
}

export type Handler = (request: RecordedRequest) => {
  status?: number;
  body: unknown;
  delayMs?: number;
};

export function fakeCatalog(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(input),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const answer = handler(request);
    if (answer.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, answer.delayMs);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        });
      });
    }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { fetch, requests };
}

export function item(id: string, collection = 'c1') {
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    id,
    collection,
    geometry: { type: 'Point', coordinates: [0, 0] },
    bbox: [0, 0, 0, 0],
    properties: { datetime: '2024-01-01T00:00:00Z' },
    assets: {},
    links: [],
  };
}
