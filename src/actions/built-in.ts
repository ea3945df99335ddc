import { addTag } from './add-tag.js';
import { cancelSubscription } from './cancel-subscription.js';
import { enroll } from './enroll.js';
import { grant } from './grant.js';
import { joinCommunity } from './join-community.js';
import { leaveCommunity } from './leave-community.js';
import { createActionRegistry, type ActionOf } from './registry.js';
import { removeTag } from './remove-tag.js';
import { revoke } from './revoke.js';
import { setField } from './set-field.js';
import { unenroll } from './unenroll.js';

/** Every action type of the rules language, in the order editors and error messages list them. */
export const BUILT_IN_ACTIONS = [addTag, removeTag, enroll, unenroll, joinCommunity, leaveCommunity, cancelSubscription, setField, grant, revoke] as const;

export const builtInActions = createActionRegistry(BUILT_IN_ACTIONS);

export const ACTION_TYPES = builtInActions.types;

/** The normalised form of one built-in `do:` item, discriminated by `type`. String fields may be templates. */
export type Action = ActionOf<(typeof BUILT_IN_ACTIONS)[number]>;
