import {
  type Attributes,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/** What the work inside a span learns of it. */
export interface SpanRun {
  /** The W3C trace id (32 hex digits) when traced; undefined when tracing is off. */
  traceId: string | undefined;
  /** Marks the span as failed, with the reason (the work's own result says what failed). */
  fail(message: string): void;
}

/**
 * Runs `work` inside a new active span, so that what it calls (fetch, pg, http) joins its trace.
 * The span is a child of the active one (a root span when no request is being served), or of
 * `parent`, a W3C traceparent kept from an earlier request (currentTraceParent): work that
 * outlives its request, such as a processing job published minutes after its submission, so
 * joins the trace of the click that asked for it. Without an SDK the span is OpenTelemetry's
 * no-op one and traceId is undefined. A throw marks the span as failed and is re-thrown.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: SpanRun) => Promise<T>,
  parent?: string | null,
): Promise<T> {
  const parentContext = parent
    ? propagation.extract(ROOT_CONTEXT, { traceparent: parent })
    : context.active();
  return trace
    .getTracer('@styx/tracing')
    .startActiveSpan(name, { attributes }, parentContext, async (span) => {
      const spanContext = span.spanContext();
      const run: SpanRun = {
        traceId:
          span.isRecording() && isSpanContextValid(spanContext) ? spanContext.traceId : undefined,
        fail: (message) => span.setStatus({ code: SpanStatusCode.ERROR, message }),
      };
      try {
        return await work(run);
      } catch (error) {
        span.recordException(error as Error);
        run.fail((error as Error).message);
        throw error;
      } finally {
        span.end();
      }
    });
}

/**
 * The active span's W3C traceparent, for work that goes on after the request ends (kept with
 * it, then given to inSpan as its parent); undefined when nothing is traced (no SDK, or no span
 * active).
 */
export function currentTraceParent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}
