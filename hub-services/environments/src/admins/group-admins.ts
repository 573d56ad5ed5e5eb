import { type Static, Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 255 });

/**
 * Who administers one Hub group on behalf of the Hub admins: users by name, and members of
 * Hub groups (a group of team leads). What they may do beyond the group's users and servers
 * is opt-in (profiles) or opt-out (quotas).
 */
export const GroupAdminsInput = Type.Object(
  {
    users: Type.Array(Name, { maxItems: 1000, uniqueItems: true, default: [] }),
    /** Hub groups whose members administer this group. */
    hubGroups: Type.Array(Name, { maxItems: 256, uniqueItems: true, default: [] }),
    /**
     * May create, change and delete profiles open only to groups they administer with this
     * right (never a profile open to everyone or to another group).
     */
    mayEditProfiles: Type.Boolean({ default: false }),
    /** May set the quotas of this group and of its members. */
    mayEditQuotas: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type GroupAdminsInput = Static<typeof GroupAdminsInput>;

export type GroupAdmins = GroupAdminsInput & { group: string; updated: string; updatedBy: string };
