import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait-for.js';

const KEY = 'sim-test-key';
const MEMBERSHIP_DELAY_MS = 80;
let sim: Simulator;
let base: string;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

/** Runs the queued membership jobs now (a simulator control). */
async function settle(): Promise<unknown> {
  return (await fetch(`${base}/__sim/memberships/settle`, { method: 'POST' })).json();
}

beforeAll(async () => {
  sim = createSimulator({
    apiKey: KEY,
    membershipDelayMs: MEMBERSHIP_DELAY_MS,
    seed: {
      contacts: [{ id: 501, email: 'ann@example.com' }, { id: 502, email: 'ben@example.com' }],
      courses: [{ id: 680647, name: 'Course', modules: [{ id: 1, name: 'Intro' }, { id: 2, name: 'Deep dive' }] }],
      communities: [{ id: 77, name: 'Members' }],
      subscriptions: [
        { id: 9001, contactId: 501, status: 'active', createdAt: '2026-01-10T00:00:00+00:00', pricePlan: { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' } },
        { id: 9002, contactId: 502, status: 'active', createdAt: '2026-01-10T00:00:00+00:00', pricePlanId: 3456 },
      ],
    },
  });
  base = await sim.listen();
});
afterAll(() => sim.close());

describe('school', () => {
  it('lists courses with their modules', async () => {
    const courses = await api('GET', '/api/school/courses');
    expect(courses.body).toEqual({
      items: [{ id: 680647, name: 'Course', locale: 'en', path: 'course', domainName: null, active: true, modules: [{ id: 1, name: 'Intro' }, { id: 2, name: 'Deep dive' }] }],
      hasMore: false,
    });
  });

  it('enrolls (201), lists by course and contact, and deletes (204)', async () => {
    const enrolled = await api('POST', '/api/school/courses/680647/enrollments', { contactId: 501, accessType: 'full_access' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ id: expect.any(Number), contact: { id: 501, email: 'ann@example.com' }, course: { id: 680647, name: 'Course' }, accessType: 'full_access', active: true });
    const listed = await api('GET', '/api/school/enrollments?course=680647&contact=501');
    expect(listed.body.items.map((e: { id: number }) => e.id)).toEqual([enrolled.body.id]);
    expect((await api('GET', '/api/school/enrollments?contact=502')).body.items).toEqual([]);
    expect((await api('DELETE', `/api/school/enrollments/${enrolled.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/school/enrollments/${enrolled.body.id}`)).status).toBe(404);
  });

  it('requires modules for partial_access (422) and accepts them when given', async () => {
    const missing = await api('POST', '/api/school/courses/680647/enrollments', { contactId: 502, accessType: 'partial_access' });
    expect(missing.status).toBe(422);
    expect(missing.body.violations).toEqual([{ propertyPath: 'modules', message: 'This value should not be blank.', code: expect.any(String) }]);
    const partial = await api('POST', '/api/school/courses/680647/enrollments', { contactId: 502, accessType: 'partial_access', modules: [2] });
    expect(partial).toMatchObject({ status: 201, body: { accessType: 'partial_access' } });
  });

  it('refuses an unknown course (404), access type or contact (422)', async () => {
    expect((await api('POST', '/api/school/courses/1/enrollments', { contactId: 501, accessType: 'full_access' })).status).toBe(404);
    const badType = await api('POST', '/api/school/courses/680647/enrollments', { contactId: 501, accessType: 'forever' });
    expect(badType.body.violations[0]).toMatchObject({ propertyPath: 'accessType', message: 'The value you selected is not a valid choice.' });
    expect((await api('POST', '/api/school/courses/680647/enrollments', { contactId: 9999, accessType: 'full_access' })).status).toBe(422);
  });
});

describe('community', () => {
  it('lists communities', async () => {
    expect((await api('GET', '/api/community/communities')).body.items).toEqual([{ id: 77, name: 'Members', domainName: expect.any(String), path: 'members' }]);
  });

  it('accepts a membership with 202 and an empty body; it appears after the delay', async () => {
    const accepted = await api('POST', '/api/community/communities/77/memberships', { contactId: 501 });
    expect(accepted).toEqual({ status: 202, body: undefined });
    // (That it is not visible at once is shown below with a delay no busy machine can outlast.)
    const listed = await waitFor(async () => {
      const answer = await api('GET', '/api/community/memberships?community=77&contact=501');
      return answer.body.items.length > 0 ? answer : undefined;
    }, 10_000);
    expect(listed.body.items).toEqual([{ id: expect.any(Number), community: { id: 77, name: 'Members', domainName: expect.any(String), path: 'members' }, contact: { id: 501 } }]);
    // Joining twice queues nothing new: once the second job has run, there is still one membership.
    expect((await api('POST', '/api/community/communities/77/memberships', { contactId: 501 })).status).toBe(202);
    await settle();
    expect((await api('GET', '/api/community/memberships?contact=501')).body.items).toHaveLength(1);
    expect((await api('DELETE', `/api/community/memberships/${listed.body.items[0].id}`)).status).toBe(204);
    expect((await api('GET', '/api/community/memberships?contact=501')).body.items).toEqual([]);
  });

  it('shows a queued membership only once its job ran; settling runs the queued jobs at once', async () => {
    const slow = createSimulator({
      apiKey: KEY,
      membershipDelayMs: 3_600_000,
      seed: { contacts: [{ id: 501, email: 'ann@example.com' }], communities: [{ id: 77, name: 'Members' }] },
    });
    const url = await slow.listen();
    try {
      const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
      const join = await fetch(`${url}/api/community/communities/77/memberships`, { method: 'POST', headers, body: '{"contactId":501}' });
      expect(join.status).toBe(202);
      const list = async () => ((await (await fetch(`${url}/api/community/memberships?contact=501`, { headers })).json()) as { items: unknown[] }).items;
      expect(await list()).toEqual([]);
      expect(await (await fetch(`${url}/__sim/memberships/settle`, { method: 'POST' })).json()).toEqual({ settled: 1 });
      expect(await list()).toHaveLength(1);
      expect(await (await fetch(`${url}/__sim/memberships/settle`, { method: 'POST' })).json()).toEqual({ settled: 0 });
    } finally {
      await slow.close();
    }
  });

  it('refuses an unknown community (404) or contact (422)', async () => {
    expect((await api('POST', '/api/community/communities/1/memberships', { contactId: 501 })).status).toBe(404);
    expect((await api('POST', '/api/community/communities/77/memberships', { contactId: 9999 })).status).toBe(422);
    expect((await api('DELETE', '/api/community/memberships/9999')).status).toBe(404);
  });
});

describe('payment subscriptions', () => {
  it('requires the contact filter (422)', async () => {
    const missing = await api('GET', '/api/payment/subscriptions');
    expect(missing.status).toBe(422);
    expect(missing.body.violations).toEqual([{ propertyPath: 'contact', message: 'This value should not be blank.', code: expect.any(String) }]);
  });

  it("lists a contact's subscriptions with the price plan", async () => {
    const listed = await api('GET', '/api/payment/subscriptions?contact=501');
    expect(listed.body).toEqual({
      items: [
        {
          id: 9001,
          createdAt: '2026-01-10T00:00:00+00:00',
          status: 'active',
          completedAt: null,
          cancelledAt: null,
          pricePlan: { id: 3456, name: 'Monthly', innerName: 'Monthly', statementDescriptor: '', amount: 4900, currency: 'eur', type: 'subscription', recurringOptions: { interval: 'month', intervalCount: 1 } },
        },
      ],
      hasMore: false,
    });
  });

  it('cancels Now (204): status cancelled with cancelledAt; a second cancel is a 422', async () => {
    expect((await api('POST', '/api/payment/subscriptions/9001/cancel', { cancel: 'Now' })).status).toBe(204);
    const [subscription] = (await api('GET', '/api/payment/subscriptions?contact=501')).body.items;
    expect(subscription.status).toBe('cancelled');
    expect(Date.parse(subscription.cancelledAt)).toBeLessThanOrEqual(Date.now());
    const again = await api('POST', '/api/payment/subscriptions/9001/cancel', { cancel: 'Now' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ title: 'An error occurred', violations: [expect.objectContaining({ message: expect.stringContaining('cancelled') })] });
  });

  it('cancels WhenBillingPeriodEnds: stays active with cancelledAt at the future period end', async () => {
    expect((await api('POST', '/api/payment/subscriptions/9002/cancel', { cancel: 'WhenBillingPeriodEnds' })).status).toBe(204);
    const [subscription] = (await api('GET', '/api/payment/subscriptions?contact=502')).body.items;
    expect(subscription.status).toBe('active');
    const end = Date.parse(subscription.cancelledAt);
    expect(end).toBeGreaterThan(Date.now());
    expect(end - Date.now()).toBeLessThanOrEqual(32 * 86_400_000);
    expect(new Date(end).getUTCDate()).toBe(10);
    expect((await api('POST', '/api/payment/subscriptions/9002/cancel', { cancel: 'WhenBillingPeriodEnds' })).status).toBe(422);
  });

  it('refuses an unknown cancel mode (422) and an unknown subscription (404)', async () => {
    expect((await api('POST', '/api/payment/subscriptions/9002/cancel', { cancel: 'Later' })).body.violations[0].propertyPath).toBe('cancel');
    expect((await api('POST', '/api/payment/subscriptions/123/cancel', { cancel: 'Now' })).status).toBe(404);
  });
});
