import { NotFoundError } from '../gateway/errors.js';
import { idSchema, strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import type { ActionOutcome } from './reaction-deps.js';
import { membershipsOf } from './reads.js';

export type LeaveCommunity = { type: 'leave_community'; community: number };

/** `leave_community: { community: 77 }`. */
export const leaveCommunity = defineAction<LeaveCommunity>({
  type: 'leave_community',
  description: "Remove the contact's membership of a community.",
  schema: strictMapping({ community: idSchema }, 'key', 'a mapping such as { community: 77 }').transform(
    (v): LeaveCommunity => ({ type: 'leave_community', community: v.community }),
  ),
  destructive: true,
  describe: (action) => `leave_community community ${action.community}`,
  assume: (action) => ({ memberships: [{ community: action.community }] }),

  /** Every membership of the contact in the community is deleted; one deleted meanwhile (404) is gone already. */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    let outcome: ActionOutcome = 'already';
    for (const membership of await membershipsOf(action.community, contactId, deps)) {
      try {
        await deps.gateway.memberships.delete(membership.id, { signal: deps.signal });
        outcome = 'done';
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      deps.view.membershipDeleted(action.community, contactId, membership.id);
    }
    return outcome;
  },
});
