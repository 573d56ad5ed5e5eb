import { type Static, Type } from 'typebox';

/**
 * A kernel's connection information, as a connection file holds it (jupyter_client docs,
 * "Connection files"), registered by the launcher. Validated: it comes over the network.
 */
export const ConnectionInfoSchema = Type.Object({
  ip: Type.String({ minLength: 1, maxLength: 255 }),
  transport: Type.Literal('tcp'),
  signature_scheme: Type.Literal('hmac-sha256'),
  key: Type.String({ minLength: 16, maxLength: 512 }),
  shell_port: Type.Integer({ minimum: 1, maximum: 65535 }),
  iopub_port: Type.Integer({ minimum: 1, maximum: 65535 }),
  stdin_port: Type.Integer({ minimum: 1, maximum: 65535 }),
  control_port: Type.Integer({ minimum: 1, maximum: 65535 }),
  hb_port: Type.Integer({ minimum: 1, maximum: 65535 }),
  pid: Type.Optional(Type.Integer()),
  hostname: Type.Optional(Type.String({ maxLength: 255 })),
});
export type ConnectionInfo = Static<typeof ConnectionInfoSchema>;

export type KernelPort = 'shell_port' | 'iopub_port' | 'stdin_port' | 'control_port' | 'hb_port';

export function endpoint(info: ConnectionInfo, port: KernelPort): string {
  const host = info.ip.includes(':') ? `[${info.ip}]` : info.ip;
  return `${info.transport}://${host}:${info[port]}`;
}
