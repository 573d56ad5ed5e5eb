import { describe, expect, it } from 'vitest';
import { hubFetch } from '../../src/catalog/index.js';
import { newTraceparent, traceIdOf, withTraceparent } from '../../src/tracing/index.js';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe('traceparent (W3C Trace Context §3.2)', () => {
  it('is version 00, a random trace id and parent id, sampled; new for each call', () => {
    const a = newTraceparent();
    const b = newTraceparent();
    expect(a).toMatch(FORMAT);
    expect(b).toMatch(FORMAT);
    expect(traceIdOf(a)).not.toBe(traceIdOf(b));
  });

  it('never uses an all-zero trace or parent id (invalid in the standard)', () => {
    let calls = 0;
    // The first draw of each id is all zeros, the next one is not.
    const random = (bytes: Uint8Array) => {
      calls += 1;
      return bytes.fill(calls % 2 === 1 ? 0 : 0xab);
    };
    expect(newTraceparent(random)).toBe(`00-${'ab'.repeat(16)}-${'ab'.repeat(8)}-01`);
  });

  it('reads the trace id of a valid header only', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(traceIdOf(`00-${id}-00f067aa0ba902b7-01`)).toBe(id);
    expect(traceIdOf(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdOf(`00-${id}-${'0'.repeat(16)}-01`)).toBeUndefined();
    expect(traceIdOf(`ff-${id}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdOf('00-xyz-1-01')).toBeUndefined();
    expect(traceIdOf(null)).toBeUndefined();
  });

  it("keeps the caller's traceparent, so requests of one action share a trace", () => {
    const given = newTraceparent();
    expect(withTraceparent(new Headers({ traceparent: given })).get('traceparent')).toBe(given);
    expect(withTraceparent(new Headers({ traceparent: 'nonsense' })).get('traceparent')).toMatch(
      FORMAT,
    );
  });
});

describe('hubFetch and traces', () => {
  const hubPage = {
    hubPrefix: '/hub/',
    hubHost: '',
    token: 'lab-oauth-token',
    origin: 'http://127.0.0.1:8000',
  };

  it("sends a fresh traceparent with each request to the Hub's services, and to nothing else", async () => {
    const seen: Array<[string, string | null]> = [];
    const base = async (input: string, init?: RequestInit) => {
      seen.push([input, new Headers(init?.headers).get('traceparent')]);
      return new Response('{}');
    };
    const fetchFn = hubFetch(hubPage, base);
    await fetchFn('http://127.0.0.1:8000/services/catalog/search', { method: 'POST' });
    await fetchFn('http://127.0.0.1:8000/services/health/health');
    await fetchFn('https://earth-search.aws.element84.com/v1/search');
    await fetchFn('http://127.0.0.1:8000/user/alice/api/contents');
    const [search, health, remote, lab] = seen;
    expect(search?.[1]).toMatch(FORMAT);
    expect(health?.[1]).toMatch(FORMAT);
    expect(traceIdOf(search?.[1])).not.toBe(traceIdOf(health?.[1]));
    // Another catalog would have to allow the header (CORS); JupyterLab's own API is not Styx's.
    expect(remote?.[1]).toBeNull();
    expect(lab?.[1]).toBeNull();
  });

  it('sends it without a token too (a Hub page without one)', async () => {
    let headers = new Headers();
    const fetchFn = hubFetch({ ...hubPage, token: '' }, async (_input, init) => {
      headers = new Headers(init?.headers);
      return new Response('{}');
    });
    await fetchFn('http://127.0.0.1:8000/services/catalog/collections');
    expect(headers.get('traceparent')).toMatch(FORMAT);
    expect(headers.get('authorization')).toBeNull();
  });
});
