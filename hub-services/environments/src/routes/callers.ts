import type { HubIdentity } from '@styx/hub-auth';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../environments-errors.js';

/**
 * Who may do what here. Admins (the Hub's admin flag) manage profiles, quotas and servers; the
 * spawn hooks call with this service's own token (the Hub holds it), and nobody else may ask
 * for spawn decisions or report spawns and stops. Both run after `requireScopes`, so the caller is known.
 */
export async function requireAdmin(request: FastifyRequest): Promise<HubIdentity> {
  const identity = (await request.identity()) as HubIdentity;
  if (!identity.admin)
    throw forbidden(
      `only Hub admins manage environments; ${identity.kind} ${identity.name} is not one`,
    );
  return identity;
}

export function requireHookCaller(hookService: string) {
  return async (request: FastifyRequest): Promise<HubIdentity> => {
    const identity = (await request.identity()) as HubIdentity;
    // Not even admins: what the hook reports opens and closes sessions in the usage ledger.
    if (identity.kind === 'service' && identity.name === hookService) return identity;
    throw forbidden(
      `spawn decisions are asked by the Hub's spawn hook (the ${hookService} service's token); ${identity.kind} ${identity.name} may not`,
    );
  };
}
