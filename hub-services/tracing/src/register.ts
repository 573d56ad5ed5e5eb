/**
 * The first import of each Styx service's server.ts: starts tracing when the environment asks
 * for it (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER), before fastify and pg load.
 * A bad OTEL_* value stops the service with the reason, as any other bad setting does.
 */
import { startTracing } from './start-tracing.js';
import { TracingConfigError } from './tracing-config.js';

try {
  const tracing = startTracing(process.env, process.argv[1]);
  if (tracing) console.log(`[tracing] traces on (${tracing.config.reason})`);
} catch (error) {
  if (!(error instanceof TracingConfigError)) throw error;
  console.error(`styx tracing: ${error.message}`);
  process.exit(2);
}
