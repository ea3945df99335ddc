import type { Action } from '../rules/action-schema.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import { joinCommunity, leaveCommunity } from './actions/communities.js';
import { enroll, unenroll } from './actions/courses.js';
import { setField } from './actions/fields.js';
import { cancelSubscription } from './actions/subscriptions.js';
import { addTag, removeTag } from './actions/tags.js';
import type { ActionOutcome, ReactionDeps } from './reaction-deps.js';

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
