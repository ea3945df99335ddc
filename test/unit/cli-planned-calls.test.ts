import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/actions/registry.js';
import type { EventData } from '../../src/events/normalise.js';
import { plannedCalls } from '../../src/cli/rules/planned-calls.js';

const sale = { contact: { id: 12345 }, pricePlan: { id: 3456 } } as EventData;

describe('plannedCalls', () => {
  it('reads the tag and the contact before tagging', () => {
    const action: Action = { type: 'add_tag', tag: { name: 'Customers' } };
    expect(plannedCalls(action, sale)).toEqual({
      reads: ['GET /api/tags?query=Customers  (skipped when the id is cached)', 'GET /api/contacts/12345'],
      writes: ['POST /api/contacts/12345/tags {"tagId":<id of "Customers">}  (unless the contact has the tag)'],
    });
    expect(plannedCalls(action, sale, new Map([['Customers', 11]])).writes).toEqual([
      'POST /api/contacts/12345/tags {"tagId":11}  (unless the contact has the tag)',
    ]);
  });

  it('creates a missing tag first, and has nothing to remove for one', () => {
    const missing = new Map([['VIP', null]]);
    expect(plannedCalls({ type: 'add_tag', tag: { name: 'VIP' } }, sale, missing).writes[0]).toBe('POST /api/tags {"name":"VIP"}');
    expect(plannedCalls({ type: 'remove_tag', tag: { name: 'VIP' } }, sale, missing)).toMatchObject({ writes: [], note: expect.stringContaining('nothing to remove') });
  });

  it('finds the subscription by contact and the event price plan before cancelling', () => {
    const calls = plannedCalls({ type: 'cancel_subscription', when: 'now', pricePlan: undefined }, sale);
    expect(calls.reads).toEqual(['GET /api/payment/subscriptions?contact=12345']);
    expect(calls.writes[0]).toContain('price plan 3456>/cancel {"cancel":"Now"}');
    const noPlan = plannedCalls({ type: 'cancel_subscription', when: 'period_end', pricePlan: undefined }, { contact: { id: 1 } } as EventData);
    expect(noPlan).toMatchObject({ reads: [], writes: [], note: expect.stringContaining('no price plan') });
  });

  it('reads enrollments, memberships and fields before writing them', () => {
    expect(plannedCalls({ type: 'enroll', course: 7, access: 'partial_access', modules: [1, 2] }, sale).writes[0]).toBe(
      'POST /api/school/courses/7/enrollments {"contactId":12345,"accessType":"partial_access","modules":[1,2]}  (unless already enrolled)',
    );
    expect(plannedCalls({ type: 'leave_community', community: 77 }, sale).reads).toEqual(['GET /api/community/memberships?community=77&contact=12345']);
    expect(plannedCalls({ type: 'set_field', slug: 'plan', value: 'gold' }, sale).writes[0]).toContain('PATCH /api/contacts/12345 {"fields":[{"slug":"plan","value":"gold"}]}');
  });
});
