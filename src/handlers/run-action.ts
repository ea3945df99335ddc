import type { Action } from '../actions/registry.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { joinCommunity, leaveCommunity } from '../actions/join-community.js';
import { enroll, unenroll } from '../actions/enroll.js';
import { setField } from '../actions/set-field.js';
import { cancelSubscription } from '../actions/cancel-subscription.js';
import { addTag, removeTag } from '../actions/add-tag.js';
import type { ActionOutcome, ReactionDeps } from '../actions/reaction-deps.js';

/** One reaction, already rendered (templates filled in). */
export function runAction(action: Action, event: SystemeEvent, deps: ReactionDeps): Promise<ActionOutcome> {
  switch (action.type) {
    case 'add_tag':
      return addTag(action, event, deps);
    case 'remove_tag':
      return removeTag(action, event, deps);
    case 'enroll':
      return enroll(action, event, deps);
    case 'unenroll':
      return unenroll(action, event, deps);
    case 'join_community':
      return joinCommunity(action, event, deps);
    case 'leave_community':
      return leaveCommunity(action, event, deps);
    case 'cancel_subscription':
      return cancelSubscription(action, event, deps);
    case 'set_field':
      return setField(action, event, deps);
  }
}
