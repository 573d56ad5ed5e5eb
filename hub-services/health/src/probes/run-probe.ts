import { inSpan } from '@styx/tracing';
import type { Probe, ProbeResult } from './probe.js';

/**
 * Runs one check under its timeout. An adapter that ignores the abort signal is still cut off:
 * the race ends the wait, and a probe never holds the runner longer than its timeout. Each check
 * is a trace of its own when the service is traced (what it calls joins it: the catalog's search
 * and its queries), and the result keeps its trace id for the admins' trace link.
 */
export function runProbe(probe: Probe, now: () => Date = () => new Date()): Promise<ProbeResult> {
  return inSpan(
    `probe ${probe.id}`,
    { 'styx.probe.id': probe.id, 'styx.probe.component': probe.component },
    async (span) => {
      const result = await checkOnce(probe, now);
      if (result.status === 'fail') span.fail(result.message ?? 'failed');
      return span.traceId ? { ...result, traceId: span.traceId } : result;
    },
  );
}

async function checkOnce(probe: Probe, now: () => Date): Promise<ProbeResult> {
  const at = now();
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`no answer within ${probe.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, probe.timeoutMs);
  });
  const base = { probeId: probe.id, component: probe.component, at };
  try {
    const observation = await Promise.race([probe.check(controller.signal), timeout]);
    return {
      ...base,
      status: observation?.status ?? 'pass',
      latencyMs: Math.round(performance.now() - started),
      message: observation?.detail,
    };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      latencyMs: Math.round(performance.now() - started),
      message: describeError(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED 127.0.0.1:9000) is in its cause. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error
      ? ((cause as { code?: string }).code ?? cause.message)
      : cause !== undefined
        ? String(cause)
        : undefined;
  const text = error.message || error.name;
  const more = causeText && !text.includes(causeText) ? `: ${causeText}` : '';
  return `${text}${more}`.slice(0, 500);
}
