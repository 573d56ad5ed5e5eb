import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics.js';
import { processMetrics } from './process-metrics.js';

/** draft-inadome-httpapi-health-check §3: the media type of a health answer. */
export const HEALTH_JSON = 'application/health+json';

/** Kept out of a service's OpenAPI document (@fastify/swagger reads `hide`; its types add it). */
const HIDDEN = { hide: true } as FastifySchema;

/** One dependency the service needs to answer (its database, say); throws when it is not there. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface ServiceHealthOptions {
  /** The service's name, in answers and as the `service` label of its own metrics. */
  service: string;
  /** Where the routes live: the service prefix under the Hub ('/services/catalog/'), or '/'. */
  prefix?: string;
  /** What /readyz checks; /livez checks nothing. */
  readiness?: ReadinessCheck[];
  /** Per readiness check (default 2 s): a dependency that hangs is not ready. */
  readinessTimeoutMs?: number;
  /** The service's own metrics, registered on its registry (exposed with the others). */
  registerMetrics?: (registry: Registry) => void;
}

/**
 * `/livez`, `/readyz` and `/metrics` for a Styx service, as Kubernetes' own API server names
 * them: livez answers while the process can answer at all (a restart is the only cure when it
 * cannot), readyz also checks what the service depends on (traffic is held back meanwhile),
 * metrics is the Prometheus text exposition. None of them needs a token: they say nothing of
 * any user (route patterns and counts only), and the kubelet and Prometheus have no Hub token.
 */
export const serviceHealth = fp<ServiceHealthOptions>(
  async (app: FastifyInstance, options) => {
    const prefix = (options.prefix ?? '/').replace(/\/?$/, '/');
    const readiness = options.readiness ?? [];
    const timeoutMs = options.readinessTimeoutMs ?? 2_000;
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    const http = new HttpMetrics(registry);
    const checks = new Counter({
      name: 'styx_readiness_checks_total',
      help: 'Readiness checks run by /readyz, by check and result',
      labelNames: ['check', 'result'],
      registers: [registry],
    });
    options.registerMetrics?.(registry);
    for (const { name } of readiness) {
      checks.inc({ check: name, result: 'pass' }, 0);
      checks.inc({ check: name, result: 'fail' }, 0);
    }

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) if (method !== 'HEAD') http.declare(method, route.url);
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      // Unmatched URLs (404s from scanners) would each be a series: not counted.
      if (route === undefined) return;
      http.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });

    const answer = (reply: FastifyReply, code: number, body: unknown) =>
      reply.code(code).type(HEALTH_JSON).header('cache-control', 'no-store').send(body);

    app.get(`${prefix}livez`, { schema: HIDDEN }, async (_request, reply) =>
      answer(reply, 200, { status: 'pass', serviceId: options.service }),
    );

    app.get(`${prefix}readyz`, { schema: HIDDEN }, async (request, reply) => {
      const results = await Promise.all(
        readiness.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), timeoutMs, name);
            checks.inc({ check: name, result: 'pass' });
            return [name, 'pass'] as const;
          } catch (error) {
            checks.inc({ check: name, result: 'fail' });
            // The reason goes to the log only: it may name hosts and users of a database.
            request.log.warn({ err: error, check: name }, 'readiness check failed');
            return [name, 'fail'] as const;
          }
        }),
      );
      const failed = results.some(([, status]) => status === 'fail');
      return answer(reply, failed ? 503 : 200, {
        status: failed ? 'fail' : 'pass',
        serviceId: options.service,
        checks: Object.fromEntries(results.map(([name, status]) => [name, [{ status }]])),
      });
    });

    app.get(`${prefix}metrics`, { schema: HIDDEN }, async (_request, reply) => {
      // Two expositions one after the other (no name is in both): Registry.merge would drop the
      // app registry's default `service` label.
      const text = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(text);
    });
  },
  { name: 'styx-service-health', fastify: '5.x' },
);

async function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
