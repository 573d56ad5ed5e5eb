/**
 * @styx/tracing: OpenTelemetry traces for Styx's services. A service loads it by the first line
 * of its server.ts, `import '@styx/tracing/register';`; code that makes spans of its own (the
 * health service's probe runs) uses `inSpan`, which costs nothing while tracing is off.
 */
export { currentTraceParent, inSpan, type SpanRun } from './in-span.js';
export { startTracing, type Tracing } from './start-tracing.js';
export { TRACE_ID_PLACEHOLDER, traceUrlFor } from './trace-url.js';
export { type TracingConfig, TracingConfigError, tracingConfig } from './tracing-config.js';
