import { setTimeout as sleep } from 'node:timers/promises';
import type { Action } from './registry.js';
import { collect } from '../gateway/collect.js';
import { NotFoundError } from '../gateway/errors.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { write, type ActionOutcome, type ReactionDeps } from './reaction-deps.js';

type Join = Extract<Action, { type: 'join_community' }>;
type Leave = Extract<Action, { type: 'leave_community' }>;

async function membershipsOf(community: number, contact: number, deps: ReactionDeps) {
  const all = await collect(deps.gateway.memberships.list({ community, contact }, { signal: deps.signal }));
  return all.filter((membership) => membership.contact.id === contact && membership.community.id === community);
}

/**
 * Memberships are created asynchronously (202, visible later: FACTS.md §2), so a read right
 * after a write can miss it. The intent is recorded before the write; an attempt that finds the
 * intent waits for the membership to appear before it would write again.
 */
export async function joinCommunity(action: Join, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  if ((await membershipsOf(action.community, contactId, deps)).length > 0) return 'already';
  const settleMs = deps.membershipSettleMs ?? 60_000;
  const intent = `join:${action.community}:${contactId}`;
  if (!deps.dryRun && (await deps.intents.record(intent, settleMs))) {
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline) {
      await sleep(Math.min(1000, settleMs / 10), undefined, { signal: deps.signal });
      if ((await membershipsOf(action.community, contactId, deps)).length > 0) return 'already';
    }
  }
  return write(deps, `POST /api/community/communities/${action.community}/memberships {contactId: ${contactId}}`, () =>
    deps.gateway.memberships.create(action.community, contactId, { signal: deps.signal }),
  );
}

export async function leaveCommunity(action: Leave, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  const contactId = event.data.contact.id;
  const memberships = await membershipsOf(action.community, contactId, deps);
  let outcome: ActionOutcome = 'already';
  for (const membership of memberships) {
    try {
      outcome = await write(deps, `DELETE /api/community/memberships/${membership.id}`, () =>
        deps.gateway.memberships.delete(membership.id, { signal: deps.signal }),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return outcome;
}
