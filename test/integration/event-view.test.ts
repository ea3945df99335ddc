import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FIVE_ON_ONE_CONTACT } from '../../bench/lib/rule-sets.js';
import { collect } from '../../src/gateway/collect.js';
import type { SeedData } from '../../src/sim/index.js';
import { salePayload, SEED, startPipeline, type Pipeline, type SimRequest } from '../helpers/pipeline.js';
import { waitFor } from '../helpers/wait-for.js';

// The example rules as shipped: SALE_NEW runs add_tag ×2, enroll, join_community, set_field.
const EXAMPLE_RULES = readFileSync(new URL('../../rules.example.yaml', import.meta.url), 'utf8');

const FIVE_SEED = { ...SEED, contactFields: [...(SEED.contactFields ?? []), { fieldName: 'Plan', slug: 'plan' }] } as SeedData;

const call = (r: SimRequest) => `${r.method} ${r.path.replace(/\?.*/, '')}`;

/** The API requests the worker made while one event was processed. */
async function callsFor(pipeline: Pipeline, deliver: () => Promise<string>) {
  const before = (await pipeline.requests()).length;
  const job = await pipeline.settle(await deliver());
  expect(await job.getState()).toBe('completed');
  const calls = (await pipeline.requests()).slice(before);
  return { job, calls, outcomes: job.returnvalue.actions.map((a: { outcome: string }) => a.outcome) as string[] };
}

describe('one view of the contact per event', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('the example sale reads the contact, the enrollments and the memberships once each: 11 calls', async () => {
    pipeline = await startPipeline({ rules: EXAMPLE_RULES, seed: SEED });
    const sale = () => pipeline!.deliver('SALE_NEW', salePayload(501, 'ann@example.com'));
    const first = await callsFor(pipeline, sale);
    expect(first.outcomes).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(first.calls.map(call)).toEqual([
      'GET /api/contacts/501',
      'GET /api/tags',
      'POST /api/contacts/501/tags',
      'GET /api/tags',
      'POST /api/tags',
      'POST /api/contacts/501/tags',
      'GET /api/school/enrollments',
      'POST /api/school/courses/680647/enrollments',
      'GET /api/community/memberships',
      'POST /api/community/communities/77/memberships',
      'PATCH /api/contacts/501',
    ]);

    // The same sale again under another message id, once the queued membership shows: every
    // action finds its effect already there (its view read afresh), and no tag lookup is repeated.
    await waitFor(async () => ((await collect(pipeline!.api.memberships.list({ community: 77, contact: 501 }))).length > 0 ? true : undefined));
    const again = await callsFor(pipeline, sale);
    expect(again.outcomes).toEqual(['already', 'already', 'already', 'already', 'already']);
    expect(again.calls.map(call)).toEqual(['GET /api/contacts/501', 'GET /api/school/enrollments', 'GET /api/community/memberships']);
  });

  it('five actions on one contact read it once, and each sees the writes before it', async () => {
    pipeline = await startPipeline({ rules: FIVE_ON_ONE_CONTACT, seed: FIVE_SEED });
    const sale = () => pipeline!.deliver('SALE_NEW', salePayload(501, 'ann@example.com'));
    const first = await callsFor(pipeline, sale);
    expect(first.outcomes).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(first.calls.map(call)).toEqual([
      'GET /api/contacts/501',
      'POST /api/contacts/501/tags',
      'DELETE /api/contacts/501/tags/10',
      'PATCH /api/contacts/501',
      'PATCH /api/contacts/501',
      'GET /api/tags',
      'POST /api/tags',
      'POST /api/contacts/501/tags',
    ]);
    const contact = await pipeline.api.contacts.get(501);
    expect(contact.tags.map((tag) => tag.name).sort()).toEqual(['Customers', 'VIP']);
    expect(contact.fields.find((field) => field.slug === 'plan')?.value).toBe('Monthly');

    const again = await callsFor(pipeline, sale);
    expect(again.outcomes).toEqual(['already', 'already', 'already', 'already', 'already']);
    expect(again.calls.map(call)).toEqual(['GET /api/contacts/501']);
  });

  it('an action repeated within one event finds the first one\'s write in the view: already, no second write', async () => {
    const rules = `
rules:
  - name: first
    on: SALE_NEW
    do:
      - add_tag: { id: 11 }
      - set_field: { slug: customer_since, value: "x" }
      - enroll: { course: 680647 }
  - name: second
    on: SALE_NEW
    do:
      - add_tag: { id: 11 }
      - set_field: { slug: customer_since, value: "x" }
      - enroll: { course: 680647 }
      - remove_tag: { id: 11 }
      - add_tag: { id: 11 }
`;
    pipeline = await startPipeline({ rules, seed: SEED });
    const first = await callsFor(pipeline, () => pipeline!.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(first.outcomes).toEqual(['done', 'done', 'done', 'already', 'already', 'already', 'done', 'done']);
    expect(first.calls.filter((r) => r.method === 'GET').map(call)).toEqual(['GET /api/contacts/501', 'GET /api/school/enrollments']);
    expect((await pipeline.api.contacts.get(501)).tags.map((tag) => tag.id).sort()).toEqual([10, 11]);
    expect(await collect(pipeline.api.enrollments.list({ course: 680647, contact: 501 }))).toHaveLength(1);
  });
});
