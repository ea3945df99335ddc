import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCalls, type PlanOptions } from '../../src/actions/plan/plan-calls.js';
import { planEvent } from '../../src/actions/plan/plan-event.js';
import type { EventData } from '../../src/events/normalise.js';
import type { SystemeEvent } from '../../src/events/systeme-event.js';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { ruleSetOf } from '../unit/rules-fixtures.js';

const event = (data: Partial<EventData>): SystemeEvent => ({
  type: 'SALE_NEW',
  messageId: 'm',
  occurredAt: null,
  receivedAt: '2026-01-01T00:00:00.000Z',
  route: 'event',
  data: data as EventData,
});
const sale = event({ contact: { id: 12345 }, pricePlan: { id: 3456 } });

/** The calls `rules explain` plans for one action, written as a rules file's `do:` item. */
async function plan(item: string, on: SystemeEvent = sale, options: PlanOptions = {}) {
  const [rule] = ruleSetOf(`rules:\n  - name: r\n    on: [SALE_NEW, SALE_CANCELED]\n    do:\n      - ${item}\n`).rules;
  return planCalls(rule!.steps[0]!, on, options);
}

describe('planned calls: the real reaction against a recording gateway', () => {
  let sim: Simulator;
  let resolve: PlanOptions['resolve'];
  beforeAll(async () => {
    sim = createSimulator({ apiKey: 'k', seed: { tags: [{ id: 11, name: 'Customers' }] } });
    resolve = { baseUrl: await sim.listen(), auth: { mode: 'direct', apiKey: 'k' } };
  });
  afterAll(() => sim.close());

  it('reads the contact, then the tag, before tagging', async () => {
    expect(await plan('add_tag: Customers')).toEqual({
      reads: ['GET /api/contacts/12345', 'GET /api/tags?query=Customers&limit=100'],
      writes: ['POST /api/contacts/12345/tags {"tagId":<id of "Customers">}'],
    });
    expect((await plan('add_tag: Customers', sale, { resolve })).writes).toEqual(['POST /api/contacts/12345/tags {"tagId":11}']);
  });

  it('creates a missing tag first, and has nothing to remove for one', async () => {
    expect((await plan('add_tag: VIP', sale, { resolve })).writes[0]).toBe('POST /api/tags {"name":"VIP"}');
    expect(await plan('remove_tag: VIP', sale, { resolve })).toMatchObject({ writes: [], note: expect.stringContaining('no write') });
    expect((await plan('remove_tag: Customers', sale, { resolve })).writes).toEqual(['DELETE /api/contacts/12345/tags/11']);
    const requests = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { method: string }[];
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('finds the subscription by contact and the event price plan before cancelling', async () => {
    const calls = await plan('cancel_subscription: now');
    expect(calls.reads).toEqual(['GET /api/payment/subscriptions?contact=12345&limit=100']);
    expect(calls.writes[0]).toContain('price plan 3456>/cancel {"cancel":"Now"}');
    const noPlan = await plan('cancel_subscription: { when: period_end }', event({ contact: { id: 1 } }));
    expect(noPlan).toMatchObject({ reads: [], writes: [], note: expect.stringContaining('no price plan') });
  });

  it('reads enrollments, memberships and fields before writing them', async () => {
    expect((await plan('enroll: { course: 7, access: partial_access, modules: [1, 2] }')).writes[0]).toBe(
      'POST /api/school/courses/7/enrollments {"contactId":12345,"accessType":"partial_access","modules":[1,2]}',
    );
    expect((await plan('leave_community: { community: 77 }')).reads).toEqual(['GET /api/community/memberships?community=77&contact=12345&limit=100']);
    expect((await plan('set_field: { slug: plan, value: gold }')).writes[0]).toContain('PATCH /api/contacts/12345 {"fields":[{"slug":"plan","value":"gold"}]}');
  });

  it('says why an action cannot run for this event', async () => {
    expect(await plan('add_tag: "coupon-{{coupon.code}}"')).toEqual({
      reads: [],
      writes: [],
      note: 'cannot run for this event: {{coupon.code}} has no value in this event',
    });
  });

  it('plans the actions of one event through one view, as the worker runs them: each read once, each write seen', async () => {
    const ruleSet = ruleSetOf(`rules:
  - name: r
    on: SALE_NEW
    do:
      - add_tag: { id: 11 }
      - set_field: { slug: plan, value: gold }
      - remove_tag: { id: 10 }
      - add_tag: { id: 11 }
      - enroll: { course: 7 }
      - enroll: { course: 7 }
`);
    const planned = await planEvent(ruleSet, 'SALE_NEW', sale.data);
    expect(planned.map((p) => [...p.reads, ...p.writes])).toEqual([
      ['GET /api/contacts/12345', 'POST /api/contacts/12345/tags {"tagId":11}'],
      ['PATCH /api/contacts/12345 {"fields":[{"slug":"plan","value":"gold"}]}'],
      // remove_tag assumes the contact holds the tag, so that the removal shows.
      ['DELETE /api/contacts/12345/tags/10'],
      [],
      ['GET /api/school/enrollments?course=7&contact=12345&limit=100', 'POST /api/school/courses/7/enrollments {"contactId":12345,"accessType":"full_access"}'],
      [],
    ]);
    expect(planned[3]!.note).toContain('already');
  });
});
