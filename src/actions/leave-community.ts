import { idSchema, strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import { deleteEach } from './delete-each.js';
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
    return deleteEach(
      await membershipsOf(action.community, contactId, deps),
      (id) => deps.gateway.memberships.delete(id, { signal: deps.signal }),
      (id) => deps.view.membershipDeleted(action.community, contactId, id),
    );
  },
});
