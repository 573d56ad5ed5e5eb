import { Counter, Histogram, type Registry } from 'prom-client';

/** The status label's values, every one created at 0 for each route (as JupyterHub does). */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** 100–199 count as 2xx: fastify answers them only on upgrade, which then succeeds. */
export function statusClass(statusCode: number): (typeof STATUS_CLASSES)[number] {
  if (statusCode >= 500) return '5xx';
  if (statusCode >= 400) return '4xx';
  if (statusCode >= 300) return '3xx';
  return '2xx';
}

/**
 * Request counts and durations per route pattern (never the raw URL: ids in paths would make
 * one series per item). Each route's series are created when the route is, so a dashboard or
 * an alert on `rate(...{status="5xx"})` sees 0 rather than no data.
 */
export class HttpMetrics {
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;

  constructor(registry: Registry) {
    this.#requests = new Counter({
      name: 'styx_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.#duration = new Histogram({
      name: 'styx_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** Creates a route's series at zero. */
  declare(method: string, route: string): void {
    for (const status of STATUS_CLASSES) this.#requests.inc({ method, route, status }, 0);
    this.#duration.zero({ method, route });
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    this.#requests.inc({ method, route, status: statusClass(statusCode) });
    this.#duration.observe({ method, route }, seconds);
  }
}
