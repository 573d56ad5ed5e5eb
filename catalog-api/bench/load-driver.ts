import { HttpTarget, type RequestSpec } from './http-client.js';
import { type LatencySummary, summarise } from './stats.js';

/**
 * Closed-loop load: `concurrency` workers, each with its own keep-alive connection (an agent
 * with that many sockets), each looping over the query mix from its own starting offset, for
 * `durationMs` and at least `minRequests` (so that each query type has enough samples even when
 * one slow query dominates a cycle), never longer than `maxDurationMs` nor over `maxRequests`. Every request's latency (send to last body byte)
 * and query index go into preallocated arrays; percentiles are exact over the sorted latencies.
 * Worker w's request sequence is the same for every server, so both get the same mix.
 */
export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  minRequests: number;
  maxDurationMs: number;
  maxRequests: number;
}

export interface QueryStats extends LatencySummary {
  name: string;
  /** Non-200 answers plus requests with no answer. */
  errors: number;
}

export interface LoadResult {
  concurrency: number;
  requests: number;
  non200: number;
  /** Requests that got no HTTP answer (connection errors, time-outs). */
  failures: number;
  seconds: number;
  requestsPerSecond: number;
  bytes: number;
  latency: LatencySummary;
  perQuery: QueryStats[];
  /** A few example statuses/errors, to say what went wrong. */
  examples: string[];
}

export async function runLoad(
  baseUrl: string,
  mix: { name: string; request: RequestSpec }[],
  options: LoadOptions,
): Promise<LoadResult> {
  const { concurrency, durationMs, minRequests, maxDurationMs, maxRequests } = options;
  const target = new HttpTarget(baseUrl, concurrency);
  const latencies = new Float64Array(maxRequests);
  const queryOf = new Uint16Array(maxRequests);
  const statusOf = new Uint16Array(maxRequests);
  const examples: string[] = [];
  let next = 0;
  let failures = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const hardDeadline = started + maxDurationMs;
  const more = () => {
    const now = performance.now();
    if (now >= hardDeadline || next >= maxRequests) return false;
    return now < deadline || next < minRequests;
  };

  const worker = async (w: number) => {
    // Spread the workers over the mix so each query type is in flight at every moment.
    let q = Math.floor((w * mix.length) / concurrency) % mix.length;
    while (more()) {
      const slot = next++;
      const query = mix[q]!;
      const t0 = performance.now();
      try {
        const reply = await target.request(query.request);
        latencies[slot] = performance.now() - t0;
        statusOf[slot] = reply.status;
        bytes += reply.bytes;
        if (reply.status !== 200 && examples.length < 5) {
          examples.push(`${query.name}: HTTP ${reply.status}`);
        }
      } catch (error) {
        latencies[slot] = performance.now() - t0;
        statusOf[slot] = 0;
        failures += 1;
        if (examples.length < 5) examples.push(`${query.name}: ${String(error)}`);
      }
      queryOf[slot] = q;
      q = (q + 1) % mix.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  target.close();

  const n = next;
  const all = latencies.subarray(0, n);
  let non200 = 0;
  for (let i = 0; i < n; i++) if (statusOf[i] !== 200 && statusOf[i] !== 0) non200 += 1;
  const perQuery: QueryStats[] = mix.map((query, index) => {
    const mine: number[] = [];
    let bad = 0;
    for (let i = 0; i < n; i++) {
      if (queryOf[i] !== index) continue;
      mine.push(latencies[i]!);
      if (statusOf[i] !== 200) bad += 1;
    }
    return { name: query.name, errors: bad, ...summarise(Float64Array.from(mine)) };
  });
  return {
    concurrency,
    requests: n,
    non200,
    failures,
    seconds,
    requestsPerSecond: n / seconds,
    bytes,
    latency: summarise(all),
    perQuery,
    examples,
  };
}
