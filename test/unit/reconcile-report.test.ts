import { describe, expect, it } from 'vitest';
import { paymentState } from '../../src/cli/reconcile/drift.js';
import { formatReport } from '../../src/cli/reconcile/format-report.js';
import type { ReconcileReport } from '../../src/cli/reconcile/reconcile-report.js';

describe('paymentState: what proves a contact paid, or unpaid', () => {
  const on = (status: string, plan = 3456) => ({ status, plan });
  it('an active, in-charge or completed (paid in full) subscription on one of the plans is paid', () => {
    expect(paymentState([on('cancelled'), on('active')], [3456])).toBe('paid');
    expect(paymentState([on('in_charge')], [3456])).toBe('paid');
    expect(paymentState([on('completed', 7)], [3456, 7])).toBe('paid');
  });
  it('only subscriptions that all ended prove it unpaid', () => {
    expect(paymentState([on('cancelled'), on('incomplete_expired')], [3456])).toBe('ended');
  });
  it('no subscription on the plans (a one-off sale), or an incomplete one, proves nothing', () => {
    expect(paymentState([], [3456])).toBe('unproven');
    expect(paymentState([on('active', 999)], [3456])).toBe('unproven');
    expect(paymentState([on('cancelled'), on('incomplete')], [3456])).toBe('unproven');
    expect(paymentState([on('paused')], [3456])).toBe('unproven');
  });
});

describe('formatReport', () => {
  const report: ReconcileReport = {
    mode: 'dry_run',
    entitlements: [{ name: 'monthly-members', plans: [3456], contacts: 3, unpaid: 1, missing: 0, unproven: 1 }],
    fixes: [
      {
        entitlement: 'monthly-members',
        contactId: 12,
        kind: 'unpaid',
        grants: ['tag:"Customers"'],
        subscriptions: [{ id: 9001, status: 'cancelled\u001b[31m', plan: 3456 }],
        calls: { reads: ['GET /api/contacts/12'], writes: ['DELETE /api/contacts/12/tags/11'] },
      },
    ],
    unproven: [{ entitlement: 'monthly-members', contactId: 14, holds: ['course:680647'], reason: 'no subscription on the plan (a one-off sale?): access is left as it is' }],
    apiCalls: { scan: 7, apply: 0 },
    drift: 1,
    remaining: 1,
  };

  it('lists both kinds of drift with the calls, what is left alone and why, and escapes API text', () => {
    expect(formatReport(report)).toBe(
      [
        'monthly-members (price plan 3456): 3 contacts checked',
        '  access without a paid subscription (1):',
        '    contact 12: holds tag "Customers" (subscription 9001 cancelled\\u001b[31m)',
        '      DELETE /api/contacts/12/tags/11',
        '  a paid subscription without the full access (0)',
        '  left alone, payment not provable either way (1):',
        '    contact 14: holds course 680647; no subscription on the plan (a one-off sale?): access is left as it is',
        '',
        'Drift: 1 (dry run: nothing was changed; run again with --apply to make these calls). API calls: 7 for the scan.',
      ].join('\n'),
    );
  });
});
