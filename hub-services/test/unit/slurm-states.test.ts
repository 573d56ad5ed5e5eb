import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendState, failureMessage } from '../../src/processing/backends/slurm/slurm-backend.js';
import { slurmJwt } from '../../src/processing/backends/slurm/slurm-jwt.js';

describe('the Slurm backend, without a cluster', () => {
  it('reads Slurm job states and wait statuses as a user would say them', () => {
    expect(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'].map(backendState)).toEqual([
      'queued',
      'running',
      'succeeded',
      'failed',
      'failed',
    ]);
    expect(failureMessage('FAILED', 3 << 8)).toBe('exited with code 3');
    expect(failureMessage('FAILED', 9)).toBe('killed by signal 9');
    expect(failureMessage('OUT_OF_MEMORY', 9)).toBe('ran out of memory');
    expect(failureMessage('TIMEOUT', 15)).toBe('ran out of its time limit');
  });

  it('mints HS256 tokens slurmctld checks: the user in `sun`, an expiry', () => {
    const key = Buffer.alloc(32, 1);
    const token = slurmJwt(key, 'root', 600, Date.UTC(2026, 0, 1));
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header as string, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    expect(claims).toEqual({ iat: 1767225600, exp: 1767226200, sun: 'root' });
    expect(signature).toBe(
      createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'),
    );
  });
});
