import type { RequestSpec } from './http-client.js';
import { runLoad } from './load-driver.js';
import { progress, warn } from './progress.js';
import { type LoadLevel, OURS, PEER } from './report.js';
import type { RunningServer } from './servers.js';

/** Upper bounds for any one run (server, concurrency). */
export const MAX_DURATION_S = 45;
export const MAX_REQUESTS = 1_000_000;

/** Each concurrency level on both servers, alternating which goes first. */
export async function runLevels(
  servers: Record<string, RunningServer>,
  requests: { name: string; request: RequestSpec }[],
  concurrencies: number[],
  label: string,
  bounds: { durationMs: number; minRequests: (concurrency: number) => number },
): Promise<LoadLevel[]> {
  const levels: LoadLevel[] = [];
  for (const [i, concurrency] of concurrencies.entries()) {
    const order = i % 2 === 0 ? [OURS, PEER] : [PEER, OURS];
    const level: LoadLevel = { concurrency, order, results: {} };
    const minRequests = bounds.minRequests(concurrency);
    for (const name of order) {
      const server = servers[name]!;
      progress(
        `load (${label}): ${name}, concurrency ${concurrency}, ${bounds.durationMs / 1000} s${minRequests > 0 ? ` and >= ${minRequests} requests` : ''}`,
      );
      const result = await runLoad(server.baseUrl, requests, {
        concurrency,
        durationMs: bounds.durationMs,
        minRequests,
        maxDurationMs: MAX_DURATION_S * 1000,
        maxRequests: MAX_REQUESTS,
      });
      level.results[name] = result;
      progress(
        `  ${result.requests} requests in ${result.seconds.toFixed(1)} s, ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, non-200 ${result.non200}, failures ${result.failures}`,
      );
      if (result.non200 + result.failures > 0) {
        warn(
          `${name} at concurrency ${concurrency} (${label}): ${result.non200} non-200 responses and ${result.failures} failed requests, e.g. ${result.examples.join('; ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    levels.push(level);
  }
  return levels;
}
