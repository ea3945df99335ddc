import { defineAction } from './action-module.js';
import { describeEntitlement, entitlementNameSchema, entitlementOf, runSteps, type EntitlementAction } from './entitlement-action.js';
import { revokeSteps } from './entitlement-steps.js';

export type Revoke = EntitlementAction<'revoke'>;

/** `revoke: monthly-members`: takes away every grant of the entitlement. */
export const revoke = defineAction<Revoke>({
  type: 'revoke',
  description: 'Take away everything an entitlement (under entitlements:) grants: its tags, course enrollments and community memberships.',
  schema: entitlementNameSchema('revoke'),
  destructive: true,
  describe: (action) => describeEntitlement(action, action.entitlement && revokeSteps(action.entitlement)),
  assume(action) {
    const grants = action.entitlement?.grants;
    if (!grants) return {};
    return {
      contactTags: grants.tags,
      enrollments: grants.courses.map((c) => ({ course: c.course })),
      memberships: grants.communities.map((community) => ({ community })),
    };
  },

  /** remove_tag, unenroll and leave_community in turn; what the contact lacks already is left alone. */
  async run(action, event, deps) {
    return runSteps(revokeSteps(entitlementOf(action)), event, deps);
  },
});
