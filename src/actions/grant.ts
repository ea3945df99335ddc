import { defineAction } from './action-module.js';
import { describeEntitlement, entitlementNameSchema, entitlementOf, runSteps, type EntitlementAction } from './entitlement-action.js';
import { grantSteps } from './entitlement-steps.js';

export type Grant = EntitlementAction<'grant'>;

/** `grant: monthly-members`: every grant of the entitlement, through the reactions that give each one. */
export const grant = defineAction<Grant>({
  type: 'grant',
  description: 'Give the contact everything an entitlement (under entitlements:) grants: its tags, courses and communities.',
  schema: entitlementNameSchema('grant'),
  describe: (action) => describeEntitlement(action, action.entitlement && grantSteps(action.entitlement)),

  /**
   * add_tag, enroll and join_community in turn, each reading first and writing only what is
   * missing. The contact is remembered as a buyer of the entitlement, so `systeme-hooks reconcile`
   * checks them even after they lose every grant.
   */
  async run(action, event, deps) {
    const entitlement = entitlementOf(action);
    if (!deps.dryRun) await deps.buyers?.add(entitlement.name, event.data.contact.id);
    return runSteps(grantSteps(entitlement), event, deps);
  },
});
