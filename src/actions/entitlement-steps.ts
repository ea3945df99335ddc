import type { Entitlement } from '../rules/entitlement-schema.js';
import type { ActionModule } from './action-module.js';
import { addTag, type AddTag } from './add-tag.js';
import { enroll, type Enroll } from './enroll.js';
import { joinCommunity, type JoinCommunity } from './join-community.js';
import { leaveCommunity, type LeaveCommunity } from './leave-community.js';
import { removeTag, type RemoveTag } from './remove-tag.js';
import { describeTag } from './tag-ref.js';
import { unenroll, type Unenroll } from './unenroll.js';

/**
 * One grant of an entitlement as the existing reaction that gives or takes it: a tag is
 * `add_tag`/`remove_tag`, a course `enroll`/`unenroll`, a community `join_community`/`leave_community`.
 * `key` names the grant itself (`tag:"Customers"`, `course:680647`, `community:77`), the same for
 * both directions.
 */
export interface EntitlementStep {
  readonly key: string;
  readonly module: ActionModule;
  readonly action: AddTag | RemoveTag | Enroll | Unenroll | JoinCommunity | LeaveCommunity;
}

/** The reactions that give every grant of the entitlement, in the order tags, courses, communities. */
export function grantSteps(entitlement: Entitlement): EntitlementStep[] {
  const { tags, courses, communities } = entitlement.grants;
  return [
    ...tags.map((tag) => step(`tag:${describeTag(tag)}`, addTag, { type: 'add_tag', tag })),
    ...courses.map((c) => step(`course:${c.course}`, enroll, { type: 'enroll', course: c.course, access: c.access, modules: c.modules })),
    ...communities.map((community) => step(`community:${community}`, joinCommunity, { type: 'join_community', community })),
  ];
}

/** The reactions that take every grant of the entitlement away, in the same order. */
export function revokeSteps(entitlement: Entitlement): EntitlementStep[] {
  const { tags, courses, communities } = entitlement.grants;
  return [
    ...tags.map((tag) => step(`tag:${describeTag(tag)}`, removeTag, { type: 'remove_tag', tag })),
    ...courses.map((c) => step(`course:${c.course}`, unenroll, { type: 'unenroll', course: c.course })),
    ...communities.map((community) => step(`community:${community}`, leaveCommunity, { type: 'leave_community', community })),
  ];
}

function step<A extends EntitlementStep['action']>(key: string, module: ActionModule<A>, action: A): EntitlementStep {
  return { key, module: module as unknown as ActionModule, action };
}
