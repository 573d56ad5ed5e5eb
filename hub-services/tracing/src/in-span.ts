import { type Attributes, isSpanContextValid, SpanStatusCode, trace } from '@opentelemetry/api';

/** What the work inside a span learns of it. */
export interface SpanRun {
  /** The W3C trace id (32 hex digits) when traced; undefined when tracing is off. */
  traceId: string | undefined;
  /** Marks the span as failed, with the reason (the work's own result says what failed). */
  fail(message: string): void;
}

/**
 * Runs `work` inside a new active span (a root span when no request is being served), so that
 * what it calls (fetch, pg, http) joins its trace. Without an SDK the span is OpenTelemetry's
 * no-op one and traceId is undefined. A throw marks the span as failed and is re-thrown.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: SpanRun) => Promise<T>,
): Promise<T> {
  return trace.getTracer('@styx/tracing').startActiveSpan(name, { attributes }, async (span) => {
    const context = span.spanContext();
    const run: SpanRun = {
      traceId: span.isRecording() && isSpanContextValid(context) ? context.traceId : undefined,
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
