import type { MessageParts } from './wire-message.js';

/**
 * How kernel messages travel on `/api/kernels/{id}/channels`. Two framings exist (jupyter_server
 * `services/kernels/connection/base.py`):
 *
 * - legacy (no subprotocol): one JSON text frame per message, with `channel`, and when the
 *   message has binary buffers a binary frame `[n, offsets…]` (big-endian uint32) followed by
 *   the JSON and the buffers. JupyterLab and Jupyter Server's GatewayClient both speak it.
 * - `v1.kernel.websocket.jupyter.org`: one binary frame, `[n, offsets…]` as little-endian
 *   uint64, then the channel name and the header, parent header, metadata, content and buffers
 *   exactly as the kernel serialized them; nothing is parsed or re-encoded on the way.
 */
export const V1_SUBPROTOCOL = 'v1.kernel.websocket.jupyter.org';

export type Framing = 'legacy' | 'v1';
export type Channel = 'shell' | 'control' | 'stdin' | 'iopub';
export const CHANNELS: readonly Channel[] = ['shell', 'control', 'stdin', 'iopub'];

export interface ChannelMessage {
  channel: Channel;
  parts: MessageParts;
}

export class FramingError extends Error {}

/** A frame for the client; text for a legacy message without buffers, binary otherwise. */
export function encodeForClient(framing: Framing, message: ChannelMessage): string | Buffer {
  return framing === 'v1' ? encodeV1(message) : encodeLegacy(message);
}

/** A client's frame as channel and message parts; throws FramingError on nonsense. */
export function decodeFromClient(
  framing: Framing,
  data: Buffer | string,
  isBinary: boolean,
): ChannelMessage {
  if (framing === 'v1') {
    if (!isBinary) throw new FramingError(`the ${V1_SUBPROTOCOL} protocol sends binary frames`);
    return decodeV1(typeof data === 'string' ? Buffer.from(data) : data);
  }
  if (isBinary) return decodeLegacyBinary(typeof data === 'string' ? Buffer.from(data) : data);
  return decodeLegacyJson(typeof data === 'string' ? data : data.toString('utf8'), []);
}

function encodeV1({ channel, parts }: ChannelMessage): Buffer {
  const chunks = [
    Buffer.from(channel),
    parts.header,
    parts.parentHeader,
    parts.metadata,
    parts.content,
    ...parts.buffers,
  ];
  const offsetCount = chunks.length + 1;
  const head = Buffer.alloc(8 * (offsetCount + 1));
  head.writeBigUInt64LE(BigInt(offsetCount), 0);
  let offset = head.length;
  head.writeBigUInt64LE(BigInt(offset), 8);
  chunks.forEach((chunk, i) => {
    offset += chunk.length;
    head.writeBigUInt64LE(BigInt(offset), 8 * (i + 2));
  });
  return Buffer.concat([head, ...chunks]);
}

function decodeV1(frame: Buffer): ChannelMessage {
  if (frame.length < 8) throw new FramingError('a v1 frame starts with its offset count');
  const count = Number(frame.readBigUInt64LE(0));
  if (count < 6 || frame.length < 8 * (count + 1)) {
    throw new FramingError(
      'a v1 frame needs offsets for channel, header, parent, metadata, content',
    );
  }
  const offsets = Array.from({ length: count }, (_, i) =>
    Number(frame.readBigUInt64LE(8 * (i + 1))),
  );
  for (let i = 1; i < count; i += 1) {
    const previous = offsets[i - 1] as number;
    const current = offsets[i] as number;
    if (current < previous || current > frame.length)
      throw new FramingError('v1 offsets out of range');
  }
  const slice = (i: number) => frame.subarray(offsets[i] as number, offsets[i + 1] as number);
  const channel = checkChannel(slice(0).toString('utf8'));
  const buffers: Buffer[] = [];
  for (let i = 5; i < count - 1; i += 1) buffers.push(Buffer.from(slice(i)));
  return {
    channel,
    parts: {
      header: Buffer.from(slice(1)),
      parentHeader: Buffer.from(slice(2)),
      metadata: Buffer.from(slice(3)),
      content: Buffer.from(slice(4)),
      buffers,
    },
  };
}

/**
 * Legacy JSON, written without parsing the kernel's content: the frames are JSON already, so
 * they are spliced into the envelope (only the small header is read, for msg_id and msg_type).
 */
function encodeLegacy({ channel, parts }: ChannelMessage): string | Buffer {
  const header = JSON.parse(parts.header.toString('utf8')) as {
    msg_id?: unknown;
    msg_type?: unknown;
  };
  const json =
    `{"header":${parts.header},"parent_header":${parts.parentHeader},` +
    `"metadata":${parts.metadata},"content":${parts.content},` +
    `"msg_id":${JSON.stringify(header.msg_id ?? '')},"msg_type":${JSON.stringify(header.msg_type ?? '')},` +
    `"channel":${JSON.stringify(channel)},"buffers":[]}`;
  if (parts.buffers.length === 0) return json;
  const chunks = [Buffer.from(json), ...parts.buffers];
  const head = Buffer.alloc(4 * (chunks.length + 1));
  head.writeUInt32BE(chunks.length, 0);
  let offset = head.length;
  chunks.forEach((chunk, i) => {
    head.writeUInt32BE(offset, 4 * (i + 1));
    offset += chunk.length;
  });
  return Buffer.concat([head, ...chunks]);
}

function decodeLegacyBinary(frame: Buffer): ChannelMessage {
  if (frame.length < 8) throw new FramingError('a binary frame starts with its buffer count');
  const count = frame.readUInt32BE(0);
  if (count < 1 || frame.length < 4 * (count + 1)) throw new FramingError('bad buffer count');
  const offsets = Array.from({ length: count }, (_, i) => frame.readUInt32BE(4 * (i + 1)));
  offsets.push(frame.length);
  const chunks = offsets.slice(0, -1).map((start, i) => {
    const end = offsets[i + 1] as number;
    if (end < start || end > frame.length) throw new FramingError('buffer offsets out of range');
    return frame.subarray(start, end);
  });
  const [json, ...buffers] = chunks as [Buffer, ...Buffer[]];
  return decodeLegacyJson(
    json.toString('utf8'),
    buffers.map((b) => Buffer.from(b)),
  );
}

function decodeLegacyJson(text: string, buffers: Buffer[]): ChannelMessage {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new FramingError('a text frame must be one JSON kernel message');
  }
  if (typeof message !== 'object' || message === null) throw new FramingError('not a message');
  const header = message.header;
  if (typeof header !== 'object' || header === null)
    throw new FramingError('message without header');
  const json = (value: unknown) => Buffer.from(JSON.stringify(value ?? {}));
  return {
    channel: checkChannel(message.channel),
    parts: {
      header: json(header),
      parentHeader: json(message.parent_header),
      metadata: json(message.metadata),
      content: json(message.content),
      buffers,
    },
  };
}

function checkChannel(value: unknown): Channel {
  if (typeof value === 'string' && (CHANNELS as readonly string[]).includes(value)) {
    return value as Channel;
  }
  throw new FramingError(`unknown channel ${JSON.stringify(value)}: one of ${CHANNELS.join(', ')}`);
}
