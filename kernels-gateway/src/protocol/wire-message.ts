import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The Jupyter messaging wire format (jupyter_client docs, "Messaging in Jupyter", "The Wire
 * Protocol"): ZeroMQ frames `[identities…, <IDS|MSG>, signature, header, parent_header,
 * metadata, content, buffers…]`, the signature an HMAC over the four JSON frames, in hex.
 * Frames stay bytes here: the gateway relays them and never re-encodes a kernel's JSON.
 */
export const DELIMITER = Buffer.from('<IDS|MSG>');

/** The four JSON frames and any binary buffers of one message, still serialized. */
export interface MessageParts {
  header: Buffer;
  parentHeader: Buffer;
  metadata: Buffer;
  content: Buffer;
  buffers: Buffer[];
}

/** How a kernel's messages are signed: its connection file's `key` and `signature_scheme`. */
export interface MessageSigner {
  key: string;
  /** `hmac-sha256` is what every kernel uses; an empty key turns signing off (spec). */
  scheme: string;
}

export class WireFormatError extends Error {}

export function sign(signer: MessageSigner, parts: MessageParts): string {
  if (signer.key === '') return '';
  const algorithm = signer.scheme.replace(/^hmac-/, '');
  const hmac = createHmac(algorithm, signer.key);
  hmac.update(parts.header);
  hmac.update(parts.parentHeader);
  hmac.update(parts.metadata);
  hmac.update(parts.content);
  return hmac.digest('hex');
}

/** The ZeroMQ frames of a message (no identities: a DEALER adds its own routing id). */
export function toFrames(signer: MessageSigner, parts: MessageParts): Buffer[] {
  return [
    DELIMITER,
    Buffer.from(sign(signer, parts)),
    parts.header,
    parts.parentHeader,
    parts.metadata,
    parts.content,
    ...parts.buffers,
  ];
}

/**
 * A received message's parts, after its signature is checked: a message whose signature does
 * not match is refused (the spec: "receivers must discard" such messages).
 */
export function fromFrames(signer: MessageSigner, frames: readonly Buffer[]): MessageParts {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0 || frames.length < at + 6) {
    throw new WireFormatError('not a Jupyter message: no <IDS|MSG> delimiter or too few frames');
  }
  const [signature, header, parentHeader, metadata, content] = frames.slice(at + 1, at + 6) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const parts = { header, parentHeader, metadata, content, buffers: frames.slice(at + 6) };
  if (signer.key !== '') {
    const expected = Buffer.from(sign(signer, parts));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new WireFormatError('message signature does not match the kernel key');
    }
  }
  return parts;
}
