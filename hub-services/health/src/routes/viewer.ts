import type { FastifyRequest } from 'fastify';

/**
 * Whether the caller sees the details: a Hub admin (hub-auth's identity). Anyone else, and
 * anonymous callers, get the public view; a token that is not valid is a 401, never anonymous.
 */
export async function isAdmin(request: FastifyRequest): Promise<boolean> {
  const identity = await request.identity();
  return identity?.admin === true;
}
