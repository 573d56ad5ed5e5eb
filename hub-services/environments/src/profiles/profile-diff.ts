import type { ProfileInput } from './profile.js';

/** One field's change: absent `from` for a new profile, absent `to` for a deleted one. */
export interface FieldChange {
  from?: unknown;
  to?: unknown;
}

export type ProfileDiff = Record<string, FieldChange>;

/**
 * The fields that differ between two versions of a profile, as the audit log keeps them.
 * Values are compared as JSON (arrays and mounts by content, in order).
 */
export function diffProfiles(
  before: ProfileInput | undefined,
  after: ProfileInput | undefined,
): ProfileDiff {
  const diff: ProfileDiff = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const from = before ? (before as Record<string, unknown>)[key] : undefined;
    const to = after ? (after as Record<string, unknown>)[key] : undefined;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    diff[key] = {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    };
  }
  return diff;
}
