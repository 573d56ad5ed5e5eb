import { describe, expect, it } from 'vitest';
import { TokenCache } from '../src/token-cache.js';

describe('TokenCache', () => {
  it('forgets an answer after its time to live', () => {
    let now = 1_000;
    const cache = new TokenCache<string>(60_000, 10, () => now);
    cache.set('tok', 'alice');
    now += 59_999;
    expect(cache.get('tok')).toBe('alice');
    now += 1;
    expect(cache.get('tok')).toBeUndefined();
  });

  it('keeps a shorter life for entries given one', () => {
    let now = 0;
    const cache = new TokenCache<string | null>(60_000, 10, () => now);
    cache.set('bad', null, 5_000);
    expect(cache.get('bad')).toBeNull();
    now = 5_000;
    expect(cache.get('bad')).toBeUndefined();
  });

  it('drops the oldest entries when full', () => {
    const cache = new TokenCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([
      undefined,
      2,
      3,
      2,
    ]);
  });

  it('never keeps a token itself', () => {
    const cache = new TokenCache<string>(60_000);
    cache.set('s3cret-token-value', 'alice');
    const held = JSON.stringify([
      ...(cache as unknown as { entries: Map<string, unknown> }).entries,
    ]);
    expect(held).not.toContain('s3cret-token-value');
  });
});
