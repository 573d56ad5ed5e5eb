/** A GET or POST that must answer 2xx; its JSON (or undefined) is returned. */
export async function fetchOk(
  url: string,
  signal: AbortSignal,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    fetch?: typeof fetch;
  } = {},
): Promise<unknown> {
  const response = await (init.fetch ?? fetch)(url, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
    signal,
    redirect: 'manual',
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    );
  }
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
