import type { Entitlement } from '../../rules/entitlement-schema.js';

/** How a contact's subscriptions to an entitlement's plans read. */
export type PaymentState =
  /** An active (or in_charge, or completed: paid in full) subscription on one of the plans. */
  | 'paid'
  /** Subscriptions on the plans, every one ended (cancelled or incomplete_expired): proven unpaid. */
  | 'ended'
  /** No subscription on the plans (a one-off sale, or bought elsewhere) or only `incomplete` ones: nothing is proven. */
  | 'unproven';

/** One contact whose access and payment disagree, for one entitlement. */
export interface Drift {
  entitlement: string;
  contactId: number;
  /**
   * `unpaid`: holds grants without a paid subscription (proven ended) → revoke what it holds;
   * `missing`: a paid subscription without the full access → grant what is missing.
   */
  kind: 'unpaid' | 'missing';
  /** The grant keys to give (missing) or take (unpaid): `tag:"Customers"`, `course:680647`, `community:77`. */
  grants: string[];
  /** The subscriptions that decided it: id and status. */
  subscriptions: { id: number; status: string; plan: number }[];
}

/** Contacts who hold some grant but whose payment cannot be proven either way: never revoked, listed. */
export interface Unproven {
  entitlement: string;
  contactId: number;
  holds: string[];
  reason: string;
}

/** What one entitlement's scan found. */
export interface EntitlementScan {
  entitlement: Entitlement;
  /** Contacts looked at: holders of any grant, and remembered buyers. */
  contacts: number;
  drift: Drift[];
  unproven: Unproven[];
}

export const PAID_STATUSES: readonly string[] = ['active', 'in_charge', 'completed'];
export const ENDED_STATUSES: readonly string[] = ['cancelled', 'incomplete_expired'];

/** The payment state of a contact for a set of plans, from its subscriptions. */
export function paymentState(subscriptions: readonly { status: string; plan: number }[], plans: readonly number[]): PaymentState {
  const onPlans = subscriptions.filter((s) => plans.includes(s.plan));
  if (onPlans.some((s) => PAID_STATUSES.includes(s.status))) return 'paid';
  if (onPlans.length > 0 && onPlans.every((s) => ENDED_STATUSES.includes(s.status))) return 'ended';
  return 'unproven';
}
