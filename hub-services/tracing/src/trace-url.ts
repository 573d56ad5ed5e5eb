/**
 * A trace's page in the trace UI an admin configured (STYX_TRACE_URL), such as Jaeger's
 * `http://localhost:16686/trace/{traceId}`: the template with `{traceId}` replaced.
 */
export const TRACE_ID_PLACEHOLDER = '{traceId}';

export function traceUrlFor(
  template: string | undefined,
  traceId: string | undefined,
): string | undefined {
  if (!template || !traceId || !/^[0-9a-f]{32}$/.test(traceId)) return undefined;
  return template.replaceAll(TRACE_ID_PLACEHOLDER, traceId);
}
