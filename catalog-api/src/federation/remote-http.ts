/**
 * The one way federation talks to a remote provider: fetch with the provider's configured
 * headers and nothing else (never the user's token: a remote provider is not the Hub's to
 * trust), under the provider's abort signal, and a clear message for anything but a 2xx.
 */
export class RemoteError extends Error {
  constructor(
    message: string,
    /** The HTTP status it answered, when it answered one. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** It refused this very request (4xx other than 408/429): asking again would not help. */
  get refused(): boolean {
    const s = this.status;
    return s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 429;
  }
}

export interface RemoteRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  accept: string;
  headers: Record<string, string> | undefined;
  signal: AbortSignal;
}

/** Redirects followed per request, and only within the provider's origin. */
const MAX_REDIRECTS = 3;
/** The most a provider may answer for one page; more is an error, not a full memory. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export async function fetchRemote(request: RemoteRequest): Promise<string> {
  const headers: Record<string, string> = { ...request.headers, accept: request.accept };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const method = request.method ?? 'GET';
  let url = request.url;
  for (let redirects = 0; ; redirects++) {
    // Redirects by hand: fetch would follow one to any origin with the provider's headers.
    const response = await fetch(url, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const target = new URL(location, url).href;
      if (!sameOrigin(target, request.url) || redirects >= MAX_REDIRECTS) {
        throw new RemoteError(`${method} ${url} redirects to ${target}, which is not followed`);
      }
      url = target;
      continue;
    }
    const text = await readAtMost(response, MAX_ANSWER_BYTES, url);
    if (!response.ok) {
      throw new RemoteError(
        `${method} ${url} answered ${response.status}: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    return text;
  }
}

async function readAtMost(response: Response, limit: number, url: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) {
      throw new RemoteError(`${url} answered more than ${limit / 1024 / 1024} MiB for one page`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
