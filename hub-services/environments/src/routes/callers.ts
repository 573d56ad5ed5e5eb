import type { HubIdentity } from '@styx/hub-auth';
import type { FastifyRequest } from 'fastify';
import { type AdminRights, managesUser, rightsOf } from '../admins/admin-rights.js';
import type { EnvironmentsContext } from '../context.js';
import { EnvironmentsError, forbidden } from '../environments-errors.js';
import type { HubServersClient, HubUser } from '../hub/hub-servers-client.js';

/**
 * Who may do what here. Hub admins (the Hub's admin flag) manage everything; a group's
 * delegated admins manage that group's users (admins/admin-rights.ts); the spawn hooks call
 * with this service's own token (the Hub holds it), and nobody else may ask for spawn
 * decisions or report spawns and stops. All run after `requireScopes`, so the caller is known.
 */
export async function requireAdmin(request: FastifyRequest): Promise<HubIdentity> {
  const identity = (await request.identity()) as HubIdentity;
  if (!identity.admin)
    throw forbidden(`only Hub admins may do this; ${identity.kind} ${identity.name} is not one`);
  return identity;
}

export interface Manager {
  identity: HubIdentity;
  rights: Exclude<AdminRights, { role: 'user' }>;
}

/** The caller's rights here, whoever they are. */
export async function callerRights(
  ctx: EnvironmentsContext,
  request: FastifyRequest,
): Promise<{ identity: HubIdentity; rights: AdminRights }> {
  const identity = (await request.identity()) as HubIdentity;
  // Services are delegated nothing; one with the admin flag is a Hub admin.
  if (identity.kind !== 'user' && !identity.admin) return { identity, rights: { role: 'user' } };
  return { identity, rights: rightsOf(identity, await ctx.groupAdmins.list()) };
}

/** A Hub admin or a group's delegated admin; anyone else gets a 403. */
export async function requireManager(
  ctx: EnvironmentsContext,
  request: FastifyRequest,
): Promise<Manager> {
  const { identity, rights } = await callerRights(ctx, request);
  if (rights.role === 'user')
    throw forbidden(
      `only Hub admins and the delegated admins of a group manage environments; ${identity.kind} ${identity.name} is neither`,
    );
  return { identity, rights };
}

export function requireHub(ctx: EnvironmentsContext): HubServersClient {
  if (!ctx.hub)
    throw new EnvironmentsError(
      503,
      'NoHub',
      "users and their servers are the Hub's; this service runs without one",
    );
  return ctx.hub;
}

/** The Hub's users the manager manages (all of them for a Hub admin). */
export async function managedUsers(ctx: EnvironmentsContext, manager: Manager): Promise<HubUser[]> {
  const users = await requireHub(ctx).users();
  return users.filter((u) => managesUser(manager.rights, u));
}

/**
 * For a delegated admin, refuses the whole request when it names users they do not manage
 * (one 403 naming them, whether or not they exist: nothing about other users is told).
 */
export async function requireManages(
  ctx: EnvironmentsContext,
  manager: Manager,
  names: readonly string[],
): Promise<void> {
  if (manager.rights.role === 'admin') return;
  const mine = new Set((await managedUsers(ctx, manager)).map((u) => u.name));
  const others = [...new Set(names)].filter((n) => !mine.has(n));
  if (others.length > 0)
    throw forbidden(
      `${manager.identity.name} administers the users of ${manager.rights.delegations.map((d) => d.group).join(', ')} only; not: ${others.join(', ')}`,
    );
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
