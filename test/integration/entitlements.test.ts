import { afterEach, describe, expect, it } from 'vitest';
import { planEvent } from '../../src/actions/plan/plan-event.js';
import { normalisePayload } from '../../src/events/normalise.js';
import { parseRules } from '../../src/rules/parse-rules.js';
import { SEED, salePayload, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { redisClient } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';

const RULES = `
entitlements:
  - name: monthly-members
    plan: 3456
    grants:
      tags: [Customers]
      courses: [{ id: 680647, access: full_access }]
      communities: [77]
rules:
  - name: members-join
    on: SALE_NEW
    when: { pricePlan.id: 3456 }
    do:
      - grant: monthly-members
  - name: members-leave
    on: SALE_CANCELED
    when: { pricePlan.id: 3456 }
    do:
      - revoke: monthly-members
`;

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

describe('grant and revoke an entitlement', () => {
  it('a sale grants every grant once, a redelivery writes nothing, a cancellation takes all of it back', async () => {
    pipeline = await startPipeline({ rules: RULES, seed: SEED });
    const api = pipeline.api;
    const sale = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await sale.getState()).toBe('completed');
    expect(sale.returnvalue.actions).toEqual([{ rule: 'members-join', index: 0, type: 'grant', outcome: 'done' }]);
    await fetch(`${pipeline.sim.url}/__sim/memberships/settle`, { method: 'POST' });
    expect((await api.contacts.get(501)).tags.map((tag) => tag.name).sort()).toEqual(['Customers', 'Lead']);
    const enrolled = [];
    for await (const enrollment of api.enrollments.list({ course: 680647 })) enrolled.push(enrollment.contact.id);
    expect(enrolled).toEqual([501]);
    const members = [];
    for await (const membership of api.memberships.list({ community: 77 })) members.push(membership.contact.id);
    expect(members).toEqual([501]);
    // The buyer is remembered for reconcile.
    const redis = redisClient();
    try {
      expect(await redis.smembers(`${pipeline.config.redis.prefix}:entitlement-buyers:monthly-members`)).toEqual(['501']);
    } finally {
      redis.disconnect();
    }

    const again = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 778)));
    expect(again.returnvalue.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['already']);

    const cancel = await pipeline.settle(await pipeline.deliver('SALE_CANCELED', salePayload(501, 'ann@example.com', 3456, 779)));
    expect(cancel.returnvalue.actions).toEqual([{ rule: 'members-leave', index: 0, type: 'revoke', outcome: 'done' }]);
    expect((await api.contacts.get(501)).tags.map((tag) => tag.name)).toEqual(['Lead']);
    for await (const enrollment of api.enrollments.list({ course: 680647 })) throw new Error(`still enrolled: ${enrollment.id}`);
    for await (const membership of api.memberships.list({ community: 77 })) throw new Error(`still a member: ${membership.id}`);
  });

  it('rules explain shows the calls each grant makes, planned by the real reactions', async () => {
    const parsed = parseRules(RULES);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const sale = normalisePayload('SALE_NEW', salePayload(501, 'ann@example.com'));
    if (!sale.ok) throw new Error(sale.error);
    const [planned] = await planEvent(parsed.ruleSet, 'SALE_NEW', sale.data);
    expect(planned?.action).toBe('grant monthly-members (tag "Customers", course 680647, community 77)');
    expect(planned?.writes).toEqual([
      'POST /api/contacts/501/tags {"tagId":<id of "Customers">}',
      'POST /api/school/courses/680647/enrollments {"contactId":501,"accessType":"full_access"}',
      'POST /api/community/communities/77/memberships {"contactId":501}',
    ]);
    const cancel = normalisePayload('SALE_CANCELED', salePayload(501, 'ann@example.com'));
    if (!cancel.ok) throw new Error(cancel.error);
    const [revoked] = await planEvent(parsed.ruleSet, 'SALE_CANCELED', cancel.data);
    expect(revoked?.writes).toHaveLength(3);
    expect(revoked?.writes.every((write) => write.startsWith('DELETE '))).toBe(true);
  });
});

describe('entitlements in the rules file', () => {
  it('an unknown entitlement is a located error with a suggestion', () => {
    const parsed = parseRules(RULES.replace('revoke: monthly-members', 'revoke: monthly-member'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.located).toEqual(['line 19:9: rules[1].do[0].revoke: unknown entitlement "monthly-member"; did you mean "monthly-members"?']);
  });

  it('each mistake in an entitlement is reported at its place', () => {
    const parsed = parseRules(`entitlements:
  - name: monthly-members
    plan: [abc]
    grants:
      tag: [Customers]
      courses: [{ id: 680647, access: partial_access }]
  - name: monthly-members
    plan: 1
    grants: {}
rules: []
`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.located).toEqual([
      'line 3:12: entitlements[0].plan[0]: expected a positive integer id',
      'line 6:17: entitlements[0].grants.courses[0].modules: required with access: partial_access; list the module ids to open',
      'line 5:7: entitlements[0].grants.tag: unknown grant (did you mean tags?); expected tags | courses | communities',
      'line 9:5: entitlements[1].grants: grants nothing; list tags, courses or communities',
      'line 7:5: entitlements[1].name: duplicate entitlement name "monthly-members" (also entitlements[0]); names must be unique',
    ]);
  });
});

describe('RECONCILE_EVERY', () => {
  it('the worker scans in report mode on schedule and exports the drift it found, writing nothing', async () => {
    pipeline = await startPipeline({ rules: RULES, seed: SEED, env: { RECONCILE_EVERY: '1s' } });
    // Contact 501 pays (subscription 9001, plan 3456) and was seen buying, but holds nothing.
    const redis = redisClient();
    try {
      await redis.sadd(`${pipeline.config.redis.prefix}:entitlement-buyers:monthly-members`, '501');
    } finally {
      redis.disconnect();
    }
    const metrics = async () => (await fetch(`${pipeline!.worker.metricsAddress}/metrics`)).text();
    const line = await waitFor(async () => (await metrics()).match(/^systeme_hooks_reconcile_drift\{entitlement="monthly-members",kind="missing"\} (\d+)$/m)?.[1], 60_000);
    expect(line).toBe('1');
    expect(await metrics()).toMatch(/^systeme_hooks_reconcile_drift\{entitlement="monthly-members",kind="unpaid"\} 0$/m);
    expect(await metrics()).toMatch(/^systeme_hooks_reconcile_scans_total\{outcome="ok"\} [1-9]/m);
    expect(await pipeline.writes()).toEqual([]);
    expect(pipeline.logs.lines.some((l) => String(l.msg).startsWith('drift between payment and access'))).toBe(true);
  }, 120_000);
});
