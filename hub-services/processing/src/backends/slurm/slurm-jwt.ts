import { createHmac } from 'node:crypto';

/**
 * A token slurmctld accepts (its auth/jwt plugin: HS256 with the cluster's key, the user in the
 * `sun` claim). A service holding the key mints short-lived tokens itself, as `scontrol token`
 * does, instead of keeping a long-lived one.
 */
export function slurmJwt(
  key: Buffer,
  user: string,
  lifetimeSeconds: number,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat, exp: iat + lifetimeSeconds, sun: user })}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}
