/**
 * Whether a Styx service traces, and under which name, from the standard OpenTelemetry
 * variables (OpenTelemetry "Environment Variable Specification"). Pure: the start-up reads
 * process.env once and passes it here; the SDK itself reads the rest of OTEL_* (protocol,
 * headers, sampler, resource attributes).
 */

export class TracingConfigError extends Error {
  override name = 'TracingConfigError';
}

export interface TracingConfig {
  /** Off: nothing of the SDK is loaded. */
  enabled: boolean;
  /** Why it is on or off, for the one start-up line a service prints. */
  reason: string;
  /**
   * The service.name to give the SDK when neither OTEL_SERVICE_NAME nor
   * OTEL_RESOURCE_ATTRIBUTES names one; undefined when they do (the SDK reads them).
   */
  defaultServiceName: string | undefined;
}

/** The exporters OTEL_TRACES_EXPORTER may name that the Node SDK has (spec: "Exporter Selection"). */
const EXPORTERS = new Set(['otlp', 'console', 'zipkin', 'none']);

const set = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

/**
 * On when OTEL_TRACES_EXPORTER names an exporter other than `none`, or when it is unset and an
 * OTLP endpoint is (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); off when
 * OTEL_SDK_DISABLED=true, and by default.
 */
export function tracingConfig(
  env: Record<string, string | undefined>,
  packageName: string | undefined,
): TracingConfig {
  const exporters = set(env.OTEL_TRACES_EXPORTER)
    ? env.OTEL_TRACES_EXPORTER.split(',').map((e) => e.trim().toLowerCase())
    : [];
  const unknown = exporters.filter((e) => !EXPORTERS.has(e));
  if (unknown.length > 0) {
    throw new TracingConfigError(
      `OTEL_TRACES_EXPORTER: unknown exporter '${unknown.join(', ')}' (use otlp, console, zipkin or none)`,
    );
  }
  const defaultServiceName = serviceNameGiven(env) ? undefined : defaultServiceNameOf(packageName);
  const off = (reason: string): TracingConfig => ({ enabled: false, reason, defaultServiceName });
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return off('OTEL_SDK_DISABLED=true');
  if (exporters.length > 0) {
    if (exporters.every((e) => e === 'none')) return off('OTEL_TRACES_EXPORTER=none');
    return {
      enabled: true,
      reason: `OTEL_TRACES_EXPORTER=${exporters.join(',')}`,
      defaultServiceName,
    };
  }
  const endpoint = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    ? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    : env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (set(endpoint)) {
    if (!/^https?:$/.test(URL.parse(endpoint)?.protocol ?? '')) {
      throw new TracingConfigError(
        `OTEL_EXPORTER_OTLP_ENDPOINT: '${endpoint}' is not an http(s) URL (for example http://localhost:4318)`,
      );
    }
    return { enabled: true, reason: `OTLP to ${endpoint}`, defaultServiceName };
  }
  return off('no OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER');
}

function serviceNameGiven(env: Record<string, string | undefined>): boolean {
  if (set(env.OTEL_SERVICE_NAME)) return true;
  return (env.OTEL_RESOURCE_ATTRIBUTES ?? '')
    .split(',')
    .some((pair) => pair.split('=')[0]?.trim() === 'service.name');
}

/**
 * A service's name in traces from its workspace's package: `@styx/catalog-api` → styx-catalog,
 * `@styx/processing` → styx-processing, `@styx/kernels-gateway` → styx-kernels-gateway.
 */
export function defaultServiceNameOf(packageName: string | undefined): string {
  if (!packageName) return 'styx-service';
  const bare = packageName.replace(/^@[^/]+\//, '').replace(/-api$/, '');
  return packageName.startsWith('@styx/') ? `styx-${bare}` : bare;
}
