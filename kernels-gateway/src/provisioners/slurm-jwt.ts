import { createHmac } from 'node:crypto';

/**
 * A token slurmctld accepts for `user` (its auth/jwt plugin: HS256 with the cluster's key, the
 * user in the `sun` claim), minted per user and short-lived, as `scontrol token username=` does.
 * (Processing mints the same for its service account; the ten lines are repeated rather than
 * making the gateway depend on the processing package and its container and cloud clients.)
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
