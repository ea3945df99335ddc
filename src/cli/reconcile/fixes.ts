import { grantSteps, revokeSteps, type EntitlementStep } from '../../actions/entitlement-steps.js';
import type { SystemeEvent } from '../../events/systeme-event.js';
import type { Entitlement } from '../../rules/entitlement-schema.js';
import type { Drift } from './drift.js';

/** One drift and the reactions that end it: the entitlement's grant steps (missing) or revoke steps (unpaid), only for the grants concerned. */
export interface Fix {
  drift: Drift;
  steps: EntitlementStep[];
  /** The ledger's message id: one per entitlement, contact and direction. */
  messageId: string;
}

export function fixOf(drift: Drift, entitlement: Entitlement): Fix {
  const all = drift.kind === 'missing' ? grantSteps(entitlement) : revokeSteps(entitlement);
  return {
    drift,
    steps: all.filter((step) => drift.grants.includes(step.key)),
    messageId: `reconcile:${drift.entitlement}:${drift.contactId}:${drift.kind === 'missing' ? 'grant' : 'revoke'}`,
  };
}

/**
 * What the reactions receive: only the contact matters to them. The type says which way the
 * fix goes, as the event that should have done it would have.
 */
export function fixEvent(fix: Fix, now = new Date()): SystemeEvent {
  return {
    type: fix.drift.kind === 'missing' ? 'SALE_NEW' : 'SALE_CANCELED',
    messageId: fix.messageId,
    occurredAt: null,
    receivedAt: now.toISOString(),
    route: 'event',
    data: { contact: { id: fix.drift.contactId } },
  };
}
