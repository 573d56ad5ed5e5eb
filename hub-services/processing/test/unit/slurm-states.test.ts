import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  backendState,
  failureMessage,
  lastLines,
  statusOfAccountedJob,
  statusOfJob,
} from '../../src/backends/slurm/slurm-backend.js';
import { slurmJwt } from '../../src/backends/slurm/slurm-jwt.js';

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

  it("turns slurmctld's record of a job into a status with its exit code and times", () => {
    const base = { job_id: 7, name: 'styx-a', start_time: 1767225600, end_time: 1767225660 };
    expect(statusOfJob({ ...base, job_state: 'PENDING', exit_code: 0, start_time: 0 })).toEqual({
      state: 'queued',
    });
    // A running job's end_time is its time limit, not an end.
    expect(statusOfJob({ ...base, job_state: 'RUNNING', exit_code: 0 })).toEqual({
      state: 'running',
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(statusOfJob({ ...base, job_state: 'COMPLETED', exit_code: 0 })).toEqual({
      state: 'succeeded',
      exitCode: 0,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    expect(statusOfJob({ ...base, job_state: 'FAILED', exit_code: 3 << 8 })).toMatchObject({
      state: 'failed',
      exitCode: 3,
      message: 'exited with code 3',
    });
    expect(statusOfJob({ ...base, job_state: 'FAILED', exit_code: 9 })).toMatchObject({
      exitCode: 137,
      message: 'killed by signal 9',
    });
    // Cancelled before it ran: no exit code to speak of.
    expect(statusOfJob({ ...base, job_state: 'CANCELLED', exit_code: 0, start_time: 0 })).toEqual({
      state: 'failed',
      message: 'cancelled',
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
  });

  it("reads the accounting's record of a forgotten job, not trusting its 0 return codes", () => {
    const base = { job_id: 7, name: 'styx-a', time: { start: 1767225600, end: 1767225660 } };
    expect(statusOfAccountedJob({ ...base, state: { current: 'COMPLETED' } })).toMatchObject({
      state: 'succeeded',
      exitCode: 0,
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    // What Slurm 22.05 answers for a job that exited with 3.
    const failed = statusOfAccountedJob({
      ...base,
      state: { current: 'FAILED' },
      exit_code: { status: 'SUCCESS', return_code: 0 },
    });
    expect(failed).toEqual({
      state: 'failed',
      message: 'exited with an error (Slurm no longer holds its exit code)',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    expect(
      statusOfAccountedJob({
        ...base,
        state: { current: 'FAILED' },
        exit_code: { status: 'SIGNALED', return_code: null, signal: { signal_id: 9 } },
      }),
    ).toMatchObject({ state: 'failed', exitCode: 137, message: 'killed by signal 9' });
    expect(
      statusOfAccountedJob({
        ...base,
        state: { current: 'FAILED' },
        exit_code: { status: 'ERROR', return_code: 2 },
      }),
    ).toMatchObject({ exitCode: 2, message: 'exited with code 2' });
    expect(statusOfAccountedJob({ ...base, state: { current: 'TIMEOUT' } })).toMatchObject({
      state: 'failed',
      message: 'ran out of its time limit',
    });
  });

  it('keeps the last lines of a log, as tail does', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 2)).toBe('b\nc');
    expect(lastLines('a\nb\n', 5)).toBe('a\nb\n');
    expect(lastLines('a\nb\n', 0)).toBe('');
  });
});
