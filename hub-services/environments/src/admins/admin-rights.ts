import type { Quota, QuotaSubject } from '../usage/quota.js';
import type { GroupAdmins } from './group-admins.js';

/** Who asks, as the Hub says. */
export interface Caller {
  name: string;
  admin: boolean;
  groups: readonly string[];
}

/** One group the caller administers, and what they may do there. */
export interface Delegation {
  group: string;
  mayEditProfiles: boolean;
  mayEditQuotas: boolean;
}

/**
 * What the caller may manage: everything (a Hub admin), the users of some groups (a delegated
 * admin), or nothing here (every other user).
 */
export type AdminRights =
  | { role: 'admin' }
  | { role: 'group-admin'; delegations: Delegation[] }
  | { role: 'user' };

/** A Hub user as the rights look at them. */
export interface ManagedUser {
  name: string;
  admin: boolean;
  groups: readonly string[];
}

export function rightsOf(caller: Caller, delegations: readonly GroupAdmins[]): AdminRights {
  if (caller.admin) return { role: 'admin' };
  const mine = delegations
    .filter(
      (d) => d.users.includes(caller.name) || d.hubGroups.some((g) => caller.groups.includes(g)),
    )
    .map((d) => ({
      group: d.group,
      mayEditProfiles: d.mayEditProfiles,
      mayEditQuotas: d.mayEditQuotas,
    }));
  return mine.length > 0 ? { role: 'group-admin', delegations: mine } : { role: 'user' };
}

export function administeredGroups(rights: AdminRights): string[] {
  return rights.role === 'group-admin' ? rights.delegations.map((d) => d.group) : [];
}

/**
 * A delegated admin manages the users of their groups, but never a Hub admin (who outranks
 * them) and never through a group they do not administer.
 */
export function managesUser(rights: AdminRights, user: ManagedUser): boolean {
  if (rights.role === 'admin') return true;
  if (rights.role === 'user' || user.admin) return false;
  return rights.delegations.some((d) => user.groups.includes(d.group));
}

/** Profiles a manager sees: all for Hub admins; those open to everyone or to one of their groups. */
export function seesProfile(rights: AdminRights, allowedGroups: readonly string[]): boolean {
  if (rights.role === 'admin') return true;
  if (rights.role === 'user') return false;
  return (
    allowedGroups.length === 0 || allowedGroups.some((g) => administeredGroups(rights).includes(g))
  );
}

/**
 * Whether the caller may write a profile open to these groups: Hub admins any; a delegated
 * admin only one restricted to groups where they hold `mayEditProfiles` (so that a change
 * never reaches users outside their groups).
 */
export function mayWriteProfile(rights: AdminRights, allowedGroups: readonly string[]): boolean {
  if (rights.role === 'admin') return true;
  if (rights.role === 'user' || allowedGroups.length === 0) return false;
  const editable = rights.delegations.filter((d) => d.mayEditProfiles).map((d) => d.group);
  return allowedGroups.every((g) => editable.includes(g));
}

/** Whether the caller may create profiles at all (the panel's "New profile"). */
export function mayCreateProfiles(rights: AdminRights): boolean {
  return (
    rights.role === 'admin' ||
    (rights.role === 'group-admin' && rights.delegations.some((d) => d.mayEditProfiles))
  );
}

/**
 * Whether the caller may see a quota: a group quota of a group they administer, a user quota
 * of a user they manage (`user` is that user's Hub model, when the quota is a user's).
 */
export function seesQuota(
  rights: AdminRights,
  subject: QuotaSubject,
  user: ManagedUser | undefined,
): boolean {
  if (rights.role === 'admin') return true;
  if (rights.role === 'user') return false;
  if (subject.kind === 'group') return administeredGroups(rights).includes(subject.name);
  return user !== undefined && managesUser(rights, user);
}

/** As seesQuota, and the group's delegation (or one of the user's groups') allows quota changes. */
export function mayWriteQuota(
  rights: AdminRights,
  subject: QuotaSubject,
  user: ManagedUser | undefined,
): boolean {
  if (rights.role === 'admin') return true;
  if (rights.role === 'user') return false;
  const editable = rights.delegations.filter((d) => d.mayEditQuotas).map((d) => d.group);
  if (subject.kind === 'group') return editable.includes(subject.name);
  return user !== undefined && !user.admin && user.groups.some((g) => editable.includes(g));
}

/** The quotas a manager sees, given the Hub's users by name. */
export function visibleQuotas(
  rights: AdminRights,
  quotas: readonly Quota[],
  users: ReadonlyMap<string, ManagedUser>,
): Quota[] {
  return quotas.filter((q) =>
    seesQuota(rights, q, q.kind === 'user' ? users.get(q.name) : undefined),
  );
}
