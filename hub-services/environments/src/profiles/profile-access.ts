import type { Profile } from './profile.js';

/** Who asks: a Hub user with their groups, as the Hub says. */
export interface ProfileUser {
  name: string;
  admin: boolean;
  groups: readonly string[];
}

/** Admins may use every profile; others those open to all or to one of their groups. */
export function mayUse(profile: Profile, user: ProfileUser): boolean {
  if (user.admin || profile.allowedGroups.length === 0) return true;
  return profile.allowedGroups.some((group) => user.groups.includes(group));
}

export function profilesFor(profiles: readonly Profile[], user: ProfileUser): Profile[] {
  return profiles.filter((p) => mayUse(p, user));
}

export type ProfileChoice =
  | { allowed: true; profile: Profile | undefined }
  | { allowed: false; message: string };

/**
 * The profile a spawn runs with. No profile defined at all: the Hub's defaults (nothing to
 * enforce yet). None requested: the first one the user may use. A requested one that does not
 * exist, or is not open to the user, is refused with what they may choose instead.
 */
export function chooseProfile(
  profiles: readonly Profile[],
  user: ProfileUser,
  requested: string | undefined,
): ProfileChoice {
  if (profiles.length === 0) return { allowed: true, profile: undefined };
  const open = profilesFor(profiles, user);
  const choices =
    open.length > 0
      ? `choose one of: ${open.map((p) => p.slug).join(', ')}`
      : 'no profile is open to you; ask an admin to add you to a group that may use one';
  if (requested === undefined || requested === '') {
    const first = open[0];
    if (!first)
      return { allowed: false, message: `${user.name} may not start a server: ${choices}` };
    return { allowed: true, profile: first };
  }
  const profile = profiles.find((p) => p.slug === requested);
  if (!profile)
    return { allowed: false, message: `there is no profile '${requested}'; ${choices}` };
  if (!mayUse(profile, user)) {
    const groups = user.groups.length > 0 ? user.groups.join(', ') : 'none';
    return {
      allowed: false,
      message: `profile '${requested}' is only for members of ${profile.allowedGroups.join(', ')} (${user.name}'s groups: ${groups}); ${choices}`,
    };
  }
  return { allowed: true, profile };
}
