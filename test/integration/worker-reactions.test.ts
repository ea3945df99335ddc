import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/gateway/collect.js';
import { salePayload, SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { waitFor } from '../helpers/wait-for.js';
import { redisClient } from '../helpers/redis.js';
import { COMPLETED_LEDGER_MS } from '../../src/stores/redis-stores.js';

const BUYER_RULES = `
rules:
  - name: buyers-get-the-course
    on: SALE_NEW
    when:
      pricePlan.id: 3456
      contact.email: { ends_with: "@example.com" }
    do:
      - add_tag: Customers
      - add_tag: "plan-{{pricePlan.id}}"
      - enroll: { course: 680647, access: full_access }
      - join_community: { community: 77 }
      - set_field: { slug: customer_since, value: "{{order.createdAt}}" }
  - name: refunds-lose-access
    on: SALE_CANCELED
    do:
      - cancel_subscription: { when: now }
      - unenroll: { course: 680647 }
      - leave_community: { community: 77 }
      - remove_tag: Customers
`;

describe('worker reactions against the simulator', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('carries out every action of a matching sale, then undoes them on its cancellation', async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED });
    const { api } = pipeline;
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue.matched).toEqual(['buyers-get-the-course']);

    const contact = await api.contacts.get(501);
    expect(contact.tags.map((tag) => tag.name).sort()).toEqual(['Customers', 'Lead', 'plan-3456']);
    expect(contact.fields.find((field) => field.slug === 'customer_since')?.value).toBe('2026-09-27T20:16:26+00:00');
    expect(await collect(api.enrollments.list({ course: 680647, contact: 501 }))).toHaveLength(1);
    // The membership is queued (202) and appears a little later, as in Systeme.io.
    const members = await waitFor(async () => {
      const found = await collect(api.memberships.list({ community: 77, contact: 501 }));
      return found.length > 0 ? found : undefined;
    });
    expect(members).toHaveLength(1);

    const cancel = await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com')));
    expect(await cancel.getState()).toBe('completed');
    const subscriptions = await collect(api.subscriptions.list({ contact: 501 }));
    expect(subscriptions.find((s) => s.id === 9001)?.status).toBe('cancelled');
    expect(await collect(api.enrollments.list({ course: 680647, contact: 501 }))).toHaveLength(0);
    expect(await collect(api.memberships.list({ community: 77, contact: 501 }))).toHaveLength(0);
    expect((await api.contacts.get(501)).tags.map((tag) => tag.name)).not.toContain('Customers');
  });

  it('makes no second write when the same event is processed twice', async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED });
    await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    // The second run must find the membership the first one asked for: wait until it appears.
    await waitFor(async () => ((await collect(pipeline!.api.memberships.list({ community: 77, contact: 501 }))).length > 0 ? true : undefined));
    const writesAfterFirst = await pipeline.writes();
    // One tag creation, two tag assignments, an enrollment, a membership, a field update.
    expect(writesAfterFirst.map((w) => `${w.method} ${w.path.replace(/\?.*/, '')}`).sort()).toEqual(
      [
        'PATCH /api/contacts/501',
        'POST /api/community/communities/77/memberships',
        'POST /api/contacts/501/tags',
        'POST /api/contacts/501/tags',
        'POST /api/school/courses/680647/enrollments',
        'POST /api/tags',
      ].sort(),
    );
    // The same sale again, under another message id (a replay or a redelivery after a lost answer).
    const again = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await again.getState()).toBe('completed');
    expect(again.returnvalue.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['already', 'already', 'already', 'already', 'already']);
    expect(await pipeline.writes()).toHaveLength(writesAfterFirst.length);
  });

  it('does not repeat completed actions when a failed job is retried', async () => {
    const rules = `
rules:
  - name: tag-then-enroll
    on: SALE_NEW
    do:
      - add_tag: Customers
      - enroll: { course: 424242 }
`;
    pipeline = await startPipeline({ rules, seed: SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await job.getState()).toBe('failed');
    // An unknown course is a permanent error: one attempt, a message that names it.
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('tag-then-enroll');
    expect(job.failedReason).toContain('enroll');
    expect(job.failedReason).toMatch(/404|not found/i);

    await fetch(`${pipeline.sim.url}/__sim/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ courses: [{ id: 424242, name: 'Added later', modules: [] }] }),
    });
    const tagWritesBefore = (await pipeline.requests()).filter((r) => r.path.startsWith('/api/contacts/501')).length;
    await job.retry('failed');
    const retried = await pipeline.settle(job.id!);
    expect(await retried.getState()).toBe('completed');
    expect(retried.returnvalue.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['done_before', 'done']);
    // The tag action was neither read nor written again.
    expect((await pipeline.requests()).filter((r) => r.path.startsWith('/api/contacts/501')).length).toBe(tagWritesBefore);
  });

  it('fails at once, with a clear message, for a contact Systeme.io does not know', async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(999_999, 'ghost@example.com')));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/buyers-get-the-course/);
    expect(job.failedReason).toMatch(/contact|999999/i);
  });

  it('copes with a tag deleted in Systeme.io after its id was cached: adds the tag anew, removes the one the contact holds', async () => {
    const rules = `
rules:
  - name: buyers
    on: SALE_NEW
    do:
      - add_tag: VIP
  - name: refunds
    on: SALE_CANCELED
    do:
      - remove_tag: VIP
`;
    pipeline = await startPipeline({ rules, seed: SEED });
    const { api } = pipeline;
    const vip = async () => (await api.contacts.get(501)).tags.find((tag) => tag.name === 'VIP')?.id;
    expect(await (await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 6001)))).getState()).toBe('completed');
    const first = await vip();
    expect(first).toBeDefined();

    // The operator deletes the tag in Systeme.io: every contact loses it; the worker's cache still has its id.
    await api.tags.delete(first!);
    const again = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 6002)));
    expect(again.failedReason).toBeUndefined();
    expect(await again.getState()).toBe('completed');
    const second = await vip();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    // Deleted and made again by hand, under a third id, and the contact tagged with it.
    await api.tags.delete(second!);
    const third = await api.tags.create('VIP');
    await api.contacts.addTag(501, third.id);
    const refund = await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com', 3456, 6002)));
    expect(await refund.getState()).toBe('completed');
    expect(await vip()).toBeUndefined();
  });

  it('creates no templated tag for a contact Systeme.io does not know (404): the contact is read first', async () => {
    const rules = `
rules:
  - name: plan-tag
    on: SALE_NEW
    do:
      - add_tag: "plan-{{pricePlan.id}}-{{orderItem.id}}"
`;
    pipeline = await startPipeline({ rules, seed: SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(999_999, 'ghost@example.com', 3456, 8181)));
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toContain('not found (404)');
    expect(await pipeline.writes()).toEqual([]);
    expect((await collect(pipeline.api.tags.list())).map((tag) => tag.name)).not.toContain('plan-3456-8181');
    // For a known contact the same rule creates the tag and tags the contact.
    const known = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 8181)));
    expect(await known.getState()).toBe('completed');
    expect((await pipeline.api.contacts.get(501)).tags.map((tag) => tag.name)).toContain('plan-3456-8181');
  });

  it('fails a stored delivery whose payload does not match its schema, keeping the validation error', async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', { customer: { email: 'no-id@example.com' } }));
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toContain('customer.contactId');
    expect(job.failedReason).toContain('failed retry');
    expect(job.attemptsMade).toBe(1);
  });

  it('cancels only an active subscription of the event contact on the event price plan', async () => {
    const rules = `
rules:
  - name: cancel
    on: SALE_CANCELED
    do:
      - cancel_subscription: { when: period_end }
`;
    const seed = {
      ...SEED,
      contacts: [...(SEED.contacts ?? []), { id: 502, email: 'bob@example.com', fields: [], tags: [] }],
      subscriptions: [
        { id: 9001, contactId: 501, status: 'active', pricePlan: { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' } },
        { id: 9002, contactId: 502, status: 'active', pricePlan: { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' } },
        { id: 9003, contactId: 501, status: 'active', pricePlan: { id: 7777, name: 'Yearly', amount: 9900, currency: 'eur' } },
      ],
    };
    pipeline = await startPipeline({ rules, seed: seed as typeof SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com', 3456)));
    expect(await job.getState()).toBe('completed');
    const cancels = (await pipeline.writes()).filter((w) => w.path.endsWith('/cancel'));
    expect(cancels.map((w) => w.path)).toEqual(['/api/payment/subscriptions/9001/cancel']);
    // Run again: the subscription is already scheduled to end, so nothing is written.
    await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com', 3456)));
    expect((await pipeline.writes()).filter((w) => w.path.endsWith('/cancel'))).toHaveLength(1);
  });

  it('cancels nothing when two active subscriptions of the contact share the price plan, and says why', async () => {
    const rules = `
rules:
  - name: cancel
    on: SALE_CANCELED
    do:
      - cancel_subscription: { when: now }
`;
    const plan = { id: 3456, name: 'Monthly', amount: 4900, currency: 'eur' };
    const seed = {
      ...SEED,
      subscriptions: [
        { id: 9001, contactId: 501, status: 'active', pricePlan: plan },
        { id: 9004, contactId: 501, status: 'active', pricePlan: plan },
      ],
    };
    pipeline = await startPipeline({ rules, seed: seed as typeof SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com', 3456)));
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toContain('2 active subscriptions on price plan 3456 (9001, 9004)');
    expect((await pipeline.writes()).filter((w) => w.path.endsWith('/cancel'))).toEqual([]);
  });

  it("keeps a completed message's ledger for minutes only, not for the weeks a failed job's is kept", async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await job.getState()).toBe('completed');
    const redis = redisClient();
    try {
      const ttl = await redis.pttl(`${pipeline.config.redis.prefix}:done:${job.data.messageId}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(COMPLETED_LEDGER_MS);
    } finally {
      redis.disconnect();
    }
  });

  it('makes no writes in dry-run mode and logs what it would call', async () => {
    pipeline = await startPipeline({ rules: BUYER_RULES, seed: SEED, env: { DRY_RUN: 'true' } });
    const job = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await job.getState()).toBe('completed');
    expect(await pipeline.writes()).toEqual([]);
    const calls = pipeline.logs.lines.filter((line) => line.msg === 'dry run: would call the API').map((line) => String(line.call));
    expect(calls).toEqual(expect.arrayContaining([expect.stringContaining('POST /api/tags'), expect.stringContaining('/enrollments')]));
  });

  it('creates a missing tag once when many jobs need it at the same moment', async () => {
    const rules = `
rules:
  - name: vip
    on: CONTACT_CREATED
    do:
      - add_tag: VIP
`;
    const contacts = Array.from({ length: 12 }, (_, i) => ({ id: 600 + i, email: `c${i}@example.com`, fields: [], tags: [] }));
    pipeline = await startPipeline({ rules, seed: { ...SEED, contacts: [...(SEED.contacts ?? []), ...contacts] } as typeof SEED });
    const ids = await Promise.all(contacts.map((c) => pipeline!.deliver('CONTACT_CREATED', { contact: { id: c.id, email: c.email } })));
    for (const id of ids) expect(await (await pipeline.settle(id)).getState()).toBe('completed');
    const creations = (await pipeline.writes()).filter((w) => w.method === 'POST' && w.path === '/api/tags');
    expect(creations).toHaveLength(1);
  });
});
