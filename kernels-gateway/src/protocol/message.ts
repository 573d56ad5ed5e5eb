import { randomUUID } from 'node:crypto';
import type { MessageParts } from './wire-message.js';

/** The protocol version the gateway speaks for the messages it writes itself. */
export const PROTOCOL_VERSION = '5.3';

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A message the gateway itself sends a kernel (kernel_info, shutdown, interrupt requests). */
export function newMessage(
  msgType: string,
  content: Record<string, unknown>,
  session: string,
): { header: MessageHeader; parts: MessageParts } {
  const header: MessageHeader = {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username: 'styx-kernels-gateway',
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
  return {
    header,
    parts: {
      header: Buffer.from(JSON.stringify(header)),
      parentHeader: Buffer.from('{}'),
      metadata: Buffer.from('{}'),
      content: Buffer.from(JSON.stringify(content)),
      buffers: [],
    },
  };
}

/** The few header fields the gateway reads, parsed from the header frame alone. */
export function readHeader(parts: MessageParts): { msg_id: string; msg_type: string } {
  const header = JSON.parse(parts.header.toString('utf8')) as Partial<MessageHeader>;
  return { msg_id: String(header.msg_id ?? ''), msg_type: String(header.msg_type ?? '') };
}

/** The parent's msg_id, to route a reply to whoever asked. */
export function readParentId(parts: MessageParts): string | undefined {
  const parent = JSON.parse(parts.parentHeader.toString('utf8')) as Partial<MessageHeader>;
  return typeof parent.msg_id === 'string' ? parent.msg_id : undefined;
}
