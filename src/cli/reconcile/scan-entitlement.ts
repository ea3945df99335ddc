import type { EntitlementStep } from '../../actions/entitlement-steps.js';
import { grantSteps } from '../../actions/entitlement-steps.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Entitlement } from '../../rules/entitlement-schema.js';
import { paymentState, type Drift, type EntitlementScan, type Unproven } from './drift.js';

export interface ScanDeps {
  gateway: Gateway;
  signal?: AbortSignal;
  /** Contacts remembered as buyers of the entitlement (a grant ran for them). */
  buyers(entitlement: string): Promise<number[]>;
  /** A contact's subscriptions, read once per run even when several entitlements ask. */
  subscriptionsOf(contactId: number): Promise<{ id: number; status: string; plan: number }[]>;
  /** Called once per contact whose subscriptions were read. */
  onContact?: () => void;
  /** Called with the number of contacts to look at, once they are known. */
  onContacts?: (count: number) => void;
}

/**
 * Who holds each grant of the entitlement (contacts by tag, enrollments by course, memberships by
 * community: one listing each, paginated), plus the remembered buyers; then each of those
 * contacts' subscriptions. Drift: grants held on a proven-ended subscription, or a paid
 * subscription without every grant.
 */
export async function scanEntitlement(entitlement: Entitlement, deps: ScanDeps): Promise<EntitlementScan> {
  const options = { signal: deps.signal };
  const holds = new Map<number, Set<string>>();
  const hold = (contactId: number, key: string) => {
    let set = holds.get(contactId);
    if (!set) holds.set(contactId, (set = new Set()));
    set.add(key);
  };
  const steps = grantSteps(entitlement);
  for (const step of steps) {
    for (const contactId of await holdersOf(step, deps.gateway, options)) hold(contactId, step.key);
  }
  const candidates = new Set([...holds.keys(), ...(await deps.buyers(entitlement.name))]);
  deps.onContacts?.(candidates.size);
  const drift: Drift[] = [];
  const unproven: Unproven[] = [];
  for (const contactId of [...candidates].sort((a, b) => a - b)) {
    const subscriptions = await deps.subscriptionsOf(contactId);
    deps.onContact?.();
    const onPlans = subscriptions.filter((s) => entitlement.plans.includes(s.plan));
    const held = steps.map((s) => s.key).filter((key) => holds.get(contactId)?.has(key));
    const state = paymentState(subscriptions, entitlement.plans);
    if (state === 'paid' && held.length < steps.length) {
      const missing = steps.map((s) => s.key).filter((key) => !held.includes(key));
      drift.push({ entitlement: entitlement.name, contactId, kind: 'missing', grants: missing, subscriptions: onPlans });
    } else if (state === 'ended' && held.length > 0) {
      drift.push({ entitlement: entitlement.name, contactId, kind: 'unpaid', grants: held, subscriptions: onPlans });
    } else if (state === 'unproven' && held.length > 0) {
      unproven.push({ entitlement: entitlement.name, contactId, holds: held, reason: reasonOf(onPlans) });
    }
  }
  return { entitlement, contacts: candidates.size, drift, unproven };
}

function reasonOf(onPlans: readonly { status: string }[]): string {
  if (onPlans.length === 0) return 'no subscription on the plan (a one-off sale?): access is left as it is';
  return `subscription ${onPlans.map((s) => s.status).join(', ')}: neither paid nor ended, access is left as it is`;
}

/** The contacts holding one grant: one paginated listing. */
async function holdersOf(step: EntitlementStep, gateway: Gateway, options: { signal?: AbortSignal | undefined }): Promise<number[]> {
  const ids: number[] = [];
  const action = step.action;
  if (action.type === 'add_tag') {
    const tagId = 'id' in action.tag ? action.tag.id : (await gateway.tags.findByName(action.tag.name, options))?.id;
    if (tagId === undefined) return [];
    for await (const contact of gateway.contacts.list({ tags: [tagId] }, options)) {
      if (contact.tags.some((tag) => tag.id === tagId)) ids.push(contact.id);
    }
  } else if (action.type === 'enroll') {
    for await (const enrollment of gateway.enrollments.list({ course: action.course }, options)) {
      if (enrollment.course.id === action.course) ids.push(enrollment.contact.id);
    }
  } else if (action.type === 'join_community') {
    for await (const membership of gateway.memberships.list({ community: action.community }, options)) {
      if (membership.community.id === action.community) ids.push(membership.contact.id);
    }
  }
  return ids;
}
