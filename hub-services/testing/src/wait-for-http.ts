/**
 * Waits until `url` answers 2xx, polling every `intervalMs`; gives up after `timeoutMs`, or as
 * soon as `stillRunning` says the server being waited for has died.
 */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; intervalMs?: number; stillRunning?: () => boolean; what?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const what = options.what ?? url;
  for (;;) {
    if (options.stillRunning && !options.stillRunning())
      throw new Error(`${what} stopped while starting`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer at ${url} within ${options.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}
