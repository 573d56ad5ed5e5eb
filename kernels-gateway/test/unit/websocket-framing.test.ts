import { describe, expect, it } from 'vitest';
import {
  type ChannelMessage,
  decodeFromClient,
  encodeForClient,
  FramingError,
} from '../../src/protocol/websocket-framing.js';

const parts = (content: object, buffers: Buffer[] = []) => ({
  header: Buffer.from(
    JSON.stringify({
      msg_id: 'm1',
      msg_type: 'execute_request',
      session: 's',
      username: 'u',
      date: '2026-12-07T10:00:00.000Z',
      version: '5.3',
    }),
  ),
  parentHeader: Buffer.from('{}'),
  metadata: Buffer.from('{}'),
  content: Buffer.from(JSON.stringify(content)),
  buffers,
});

describe('websocket framing of kernel messages', () => {
  it('round-trips v1 frames byte for byte, buffers included', () => {
    const message: ChannelMessage = {
      channel: 'shell',
      parts: parts({ code: '1+1' }, [Buffer.from([0, 1, 2, 255])]),
    };
    const frame = encodeForClient('v1', message) as Buffer;
    const decoded = decodeFromClient('v1', frame, true);
    expect(decoded.channel).toBe('shell');
    expect(decoded.parts.content.toString()).toBe('{"code":"1+1"}');
    expect(decoded.parts.buffers).toEqual([Buffer.from([0, 1, 2, 255])]);
  });

  it('lays out v1 frames as jupyter_server does: offset count, offsets, channel, parts (little-endian uint64)', () => {
    const frame = encodeForClient('v1', { channel: 'iopub', parts: parts({}) }) as Buffer;
    const count = Number(frame.readBigUInt64LE(0));
    expect(count).toBe(6);
    const first = Number(frame.readBigUInt64LE(8));
    expect(first).toBe(8 * (count + 1));
    expect(frame.subarray(first, first + 5).toString()).toBe('iopub');
    expect(Number(frame.readBigUInt64LE(8 * count))).toBe(frame.length);
  });

  it('writes legacy JSON a client parses into the full message, with channel, msg_id and msg_type', () => {
    const text = encodeForClient('legacy', {
      channel: 'iopub',
      parts: parts({ name: 'stdout', text: 'hi' }),
    });
    expect(typeof text).toBe('string');
    expect(JSON.parse(text as string)).toMatchObject({
      channel: 'iopub',
      msg_id: 'm1',
      msg_type: 'execute_request',
      content: { name: 'stdout', text: 'hi' },
      parent_header: {},
      buffers: [],
    });
  });

  it('writes legacy messages with buffers as the binary frame and reads them back', () => {
    const frame = encodeForClient('legacy', {
      channel: 'shell',
      parts: parts({ a: 1 }, [Buffer.from('xyz')]),
    });
    expect(Buffer.isBuffer(frame)).toBe(true);
    const decoded = decodeFromClient('legacy', frame as Buffer, true);
    expect(JSON.parse(decoded.parts.content.toString())).toEqual({ a: 1 });
    expect(decoded.parts.buffers.map(String)).toEqual(['xyz']);
  });

  it.each([
    ['not JSON', 'legacy', 'hello', false],
    ['no header', 'legacy', '{"channel":"shell"}', false],
    ['an unknown channel', 'legacy', '{"header":{},"channel":"sideways"}', false],
    ['text in v1', 'v1', '{}', false],
    ['a truncated v1 frame', 'v1', Buffer.from([7, 0, 0]), true],
  ] as const)('refuses %s with a FramingError', (_what, framing, data, binary) => {
    expect(() => decodeFromClient(framing, data, binary)).toThrow(FramingError);
  });

  it('refuses v1 offsets that point outside the frame', () => {
    const frame = encodeForClient('v1', { channel: 'shell', parts: parts({}) }) as Buffer;
    frame.writeBigUInt64LE(BigInt(frame.length + 100), 8 * 3);
    expect(() => decodeFromClient('v1', frame, true)).toThrow(FramingError);
  });
});
