import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, signWebhook, verifyWebhook } from '../../src/alerts/webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'a-shared-secret-of-some-length';
  const body = '{"event":"incident.opened"}';

  it('is HMAC-SHA256 of "<timestamp>.<body>", as a receiver recomputes it', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const mac = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${mac}`);
  });

  it('verifies, and refuses another body, another secret or an old timestamp', () => {
    const now = 1_700_000_000;
    const header = signWebhook(secret, body, now);
    expect(verifyWebhook(secret, body, header, { nowSeconds: now + 10 })).toBe(true);
    expect(verifyWebhook(secret, `${body} `, header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook('another-secret-entirely', body, header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook(secret, body, header, { nowSeconds: now + 3600 })).toBe(false);
    expect(verifyWebhook(secret, body, undefined)).toBe(false);
    expect(verifyWebhook(secret, body, 't=abc,v1=00', { nowSeconds: now })).toBe(false);
  });

  it('backs off exponentially, capped', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 10].map((a) => retryDelayMs(a, 1000, 5000, none))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect(retryDelayMs(1, 1000, 5000, () => 1)).toBe(1200);
  });
});
