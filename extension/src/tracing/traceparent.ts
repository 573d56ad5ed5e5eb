/**
 * W3C Trace Context (Recommendation, §3.2 "traceparent Header") made in the browser: each user
 * action's requests to Styx's services carry a fresh `traceparent`, so the services' spans (the
 * catalog's request, its PostgreSQL queries, what it calls) join one trace whose id the
 * extension knows. No tracing SDK in the page: a header is all the servers need.
 */

const VERSION = '00';
/** Flags: sampled (§3.2.2.5), so the services record what this action caused. */
const SAMPLED = '01';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Random bytes, none of them all zero (an all-zero trace or parent id is invalid, §3.2.2.3). */
function randomId(length: number, random: (bytes: Uint8Array) => Uint8Array): string {
  for (;;) {
    const id = hex(random(new Uint8Array(length)));
    if (/[^0]/.test(id)) return id;
  }
}

/** A new `traceparent`: version 00, a random trace id and parent id, sampled. */
export function newTraceparent(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  return `${VERSION}-${randomId(16, random)}-${randomId(8, random)}-${SAMPLED}`;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id of a valid `traceparent`, or undefined. */
export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  const match = TRACEPARENT.exec(traceparent?.trim() ?? '');
  if (!match || match[1] === 'ff' || /^0+$/.test(match[2]!) || /^0+$/.test(match[3]!))
    return undefined;
  return match[2];
}

/**
 * Headers with a `traceparent`: the caller's own when it set one (several requests of one
 * action share it), else a fresh one.
 */
export function withTraceparent(headers: Headers, make: () => string = newTraceparent): Headers {
  if (!traceIdOf(headers.get('traceparent'))) headers.set('traceparent', make());
  return headers;
}
