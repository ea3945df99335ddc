import { setTimeout as sleep } from 'node:timers/promises';
import { idSchema, strictMapping } from '../rules/zod-helpers.js';
import { defineAction } from './action-module.js';
import { membershipsOf } from './reads.js';
import { waitSignal } from './reaction-deps.js';

export type JoinCommunity = { type: 'join_community'; community: number };

/** `join_community: { community: 77 }`. */
export const joinCommunity = defineAction<JoinCommunity>({
  type: 'join_community',
  description: 'Add the contact to a community (Systeme.io queues it: it appears later).',
  schema: strictMapping({ community: idSchema }, 'key', 'a mapping such as { community: 77 }').transform(
    (v): JoinCommunity => ({ type: 'join_community', community: v.community }),
  ),
  describe: (action) => `join_community community ${action.community}`,

  /**
   * Memberships are created asynchronously (202, visible later:
   * docs/systeme-io.md#asynchronous-memberships), so a read right after a write can miss it. The
   * intent is recorded before the write; an attempt that finds the intent waits for the
   * membership to appear before it would write again. The worker's shutdown ends that wait (the
   * job goes back to the queue).
   */
  async run(action, event, deps) {
    const contactId = event.data.contact.id;
    if ((await membershipsOf(action.community, contactId, deps)).length > 0) return 'already';
    const settleMs = deps.membershipSettleMs ?? 60_000;
    const intent = `join:${action.community}:${contactId}`;
    if (!deps.dryRun && (await deps.intents.record(intent, settleMs))) {
      const deadline = Date.now() + settleMs;
      const signal = waitSignal(deps);
      deps.log.info({ community: action.community, contact: contactId, settleMs }, 'waiting for a queued membership to appear');
      while (Date.now() < deadline) {
        await sleep(Math.min(1000, settleMs / 10), undefined, { signal });
        deps.view.membershipsChanged(action.community, contactId); // each poll reads the API again
        if ((await membershipsOf(action.community, contactId, deps)).length > 0) return 'already';
      }
    }
    await deps.gateway.memberships.create(action.community, contactId, { signal: deps.signal });
    deps.view.membershipsChanged(action.community, contactId);
    return 'done';
  },
});
