import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jupyterTimestamp } from '../../src/kernels/kernel.js';
import { buildKernelEnvironment } from '../../src/kernels/kernel-environment.js';
import {
  DELIMITER,
  fromFrames,
  toFrames,
  WireFormatError,
} from '../../src/protocol/wire-message.js';

const signer = { key: 'a-kernel-key-of-some-length', scheme: 'hmac-sha256' };
const parts = {
  header: Buffer.from('{"msg_id":"1"}'),
  parentHeader: Buffer.from('{}'),
  metadata: Buffer.from('{}'),
  content: Buffer.from('{"code":"1+1"}'),
  buffers: [Buffer.from('raw')],
};

describe('the Jupyter wire protocol', () => {
  it('signs the four JSON frames with HMAC-SHA256 in hex, after the delimiter', () => {
    const frames = toFrames(signer, parts);
    expect(frames[0]).toEqual(DELIMITER);
    const expected = createHmac('sha256', signer.key)
      .update('{"msg_id":"1"}{}{}{"code":"1+1"}')
      .digest('hex');
    expect(frames[1]?.toString()).toBe(expected);
    expect(frames.slice(2).map(String)).toEqual([
      '{"msg_id":"1"}',
      '{}',
      '{}',
      '{"code":"1+1"}',
      'raw',
    ]);
  });

  it('reads a message behind routing identities, and refuses one whose signature is wrong', () => {
    const frames = [Buffer.from('identity'), ...toFrames(signer, parts)];
    expect(fromFrames(signer, frames).content.toString()).toBe('{"code":"1+1"}');
    const forged = [...frames];
    forged[6] = Buffer.from('{"code":"import os; os.system(\'rm -rf ~\')"}');
    expect(() => fromFrames(signer, forged)).toThrow(WireFormatError);
    expect(() => fromFrames({ ...signer, key: 'another-key-entirely' }, frames)).toThrow(
      WireFormatError,
    );
    expect(() => fromFrames(signer, [Buffer.from('no delimiter')])).toThrow(WireFormatError);
  });
});

describe('a kernel’s environment', () => {
  it('keeps the client’s KERNEL_* variables only, and never lets them override the owner or the registration', () => {
    const env = buildKernelEnvironment({
      base: { PATH: '/usr/bin' },
      spec: { OMP_NUM_THREADS: '2' },
      client: {
        KERNEL_WORKING_DIR: '/home/alice/rivers',
        KERNEL_USERNAME: 'root',
        JUPYTERHUB_API_TOKEN: 'stolen',
        LD_PRELOAD: '/tmp/evil.so',
        STYX_KERNEL_REGISTER_URL: 'http://evil/',
      },
      owner: 'alice',
      registration: { url: 'http://127.0.0.1:8085/register', token: 'one-time' },
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      OMP_NUM_THREADS: '2',
      KERNEL_WORKING_DIR: '/home/alice/rivers',
      KERNEL_USERNAME: 'alice',
      STYX_KERNEL_REGISTER_URL: 'http://127.0.0.1:8085/register',
      STYX_KERNEL_REGISTER_TOKEN: 'one-time',
    });
  });
});

describe('last_activity', () => {
  it('is written as GatewayClient parses it: %Y-%m-%dT%H:%M:%S.%fZ, six fraction digits', () => {
    expect(jupyterTimestamp(new Date('2026-12-07T09:05:01.123Z'))).toBe(
      '2026-12-07T09:05:01.123000Z',
    );
  });
});
