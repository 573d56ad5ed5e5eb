/**
 * The one way federation talks to a remote provider: fetch with the provider's configured
 * headers and nothing else (never the user's token: a remote provider is not the Hub's to
 * trust), under the provider's abort signal, and a clear message for anything but a 2xx.
 */
export class RemoteError extends Error {}

export interface RemoteRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  accept: string;
  headers: Record<string, string> | undefined;
  signal: AbortSignal;
}

export async function fetchRemote(request: RemoteRequest): Promise<string> {
  const headers: Record<string, string> = { ...request.headers, accept: request.accept };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: request.signal,
    redirect: 'follow',
  });
  const text = await response.text();
  if (!response.ok) {
    throw new RemoteError(
      `${request.method ?? 'GET'} ${request.url} answered ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  return text;
}

export async function fetchRemoteJson(request: RemoteRequest): Promise<unknown> {
  const text = await fetchRemote(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new RemoteError(`${request.url} did not answer JSON: ${text.slice(0, 120)}`);
  }
}

/** A link a remote gave must stay on its own origin: its configured headers go nowhere else. */
export function sameOrigin(href: string, providerUrl: string): boolean {
  try {
    return new URL(href).origin === new URL(providerUrl).origin;
  } catch {
    return false;
  }
}
