import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createSimulator, type Simulator } from '../../src/sim/index.js';
import type { SeedData } from '../../src/sim/seed/seed-schema.js';

// The account the reconcile test and benchmark share: 1,000 contacts, 30 drifted each way.

export const API_KEY = 'sim-api-key-0123456789';
export const TAG = { id: 11, name: 'Customers' };
export const COURSE = 680647;
export const COMMUNITY = 77;
export const PLAN = 3456;

export const RULES = `
entitlements:
  - name: monthly-members
    plan: ${PLAN}
    grants:
      tags: [${TAG.name}]
      courses: [{ id: ${COURSE}, access: full_access }]
      communities: [${COMMUNITY}]
rules:
  - name: members-join
    on: SALE_NEW
    when: { pricePlan.id: ${PLAN} }
    do:
      - grant: monthly-members
`;

/**
 * 1,000 contacts, of which 30 hold access without a paid subscription and 30 pay without the full
 * access; 20 one-off buyers hold access with no subscription at all (never revoked).
 *
 * - 1–600: paid, full access.
 * - 601–615: full access, subscription seeded cancelled; 616–630: active, then cancelled through
 *   the simulator's drift control (no webhook).
 * - 631–640: paid, tag removed by hand (drift control); 641–650: paid, never enrolled;
 *   651–660: paid, nothing granted (remembered as buyers only).
 * - 661–680: full access, no subscription (one-off sale).
 * - 681–700: cancelled subscription, no access. 701–1000: neither.
 */
export const UNPAID = range(601, 630);
export const MISSING = range(631, 660);
export const ONE_OFF = range(661, 680);
/** One write per grant to give or take: 30 × 3 revocations; 10 tags, 10 enrollments, 10 × 3 grants. */
export const WRITES_NEEDED = 30 * 3 + 10 + 10 + 10 * 3;

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function reconcileSeed(): SeedData {
  const contacts: NonNullable<SeedData['contacts']> = [];
  const subscriptions: NonNullable<SeedData['subscriptions']> = [];
  const enrollments: NonNullable<SeedData['enrollments']> = [];
  const memberships: NonNullable<SeedData['memberships']> = [];
  for (const id of range(1, 1000)) {
    const full = id <= 640 || (id >= 661 && id <= 680);
    const tagged = full || (id >= 641 && id <= 650);
    const enrolled = full && !(id >= 641 && id <= 650);
    const member = full || (id >= 641 && id <= 650);
    contacts.push({ id, email: `c${id}@example.com`, fields: [], tags: tagged ? [TAG] : [] });
    if (enrolled) enrollments.push({ contactId: id, courseId: COURSE, accessType: 'full_access' });
    if (member) memberships.push({ contactId: id, communityId: COMMUNITY });
    const status = id <= 600 || (id >= 616 && id <= 660) ? 'active' : (id >= 601 && id <= 615) || (id >= 681 && id <= 700) ? 'cancelled' : undefined;
    if (status) subscriptions.push({ id: 10_000 + id, contactId: id, status, pricePlanId: PLAN });
  }
  return {
    tags: [TAG],
    courses: [{ id: COURSE, name: 'Course', modules: [{ id: 1, name: 'Intro' }] }],
    communities: [{ id: COMMUNITY, name: 'Members' }],
    pricePlans: [{ id: PLAN, name: 'Monthly', amount: 4900, currency: 'eur', type: 'subscription' }],
    contacts,
    subscriptions,
    enrollments,
    memberships,
  };
}

/** The simulator seeded and put into drift through its controls; the buyers of 1–660 remembered in Redis. */
export async function startDriftedAccount(redis: Redis, prefix: string): Promise<{ sim: Simulator; rulesFile: string }> {
  const sim = createSimulator({ apiKey: API_KEY, seed: reconcileSeed(), membershipDelayMs: 20, rateLimit: { max: 1_000_000, durationMs: 1000 } });
  const url = await sim.listen();
  for (const id of range(616, 630)) await control(url, 'drift/cancel-subscription', { subscriptionId: 10_000 + id });
  for (const id of range(631, 640)) await control(url, 'drift/remove-tag', { contactId: id, tagId: TAG.id });
  await redis.sadd(`${prefix}:entitlement-buyers:monthly-members`, ...range(1, 660).map(String));
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, RULES);
  return { sim, rulesFile };
}

export async function control(url: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface SimRequest {
  method: string;
  path: string;
  status: number;
}

export async function simRequests(url: string): Promise<SimRequest[]> {
  return (await (await fetch(`${url}/__sim/requests`)).json()) as SimRequest[];
}

/** Who holds what now, read from the simulator's API. */
export async function holdings(url: string): Promise<{ tagged: number[]; enrolled: number[]; members: number[] }> {
  await fetch(`${url}/__sim/memberships/settle`, { method: 'POST' });
  const all = async (path: string) => {
    const items: { id: number; contact?: { id: number }; tags?: { id: number }[] }[] = [];
    let after: number | undefined;
    for (;;) {
      const query = `limit=100&order=asc${after === undefined ? '' : `&startingAfter=${after}`}`;
      const page = (await (await fetch(`${url}${path}${path.includes('?') ? '&' : '?'}${query}`, { headers: { 'x-api-key': API_KEY } })).json()) as {
        items: typeof items;
        hasMore: boolean;
      };
      items.push(...page.items);
      if (!page.hasMore || page.items.length === 0) return items;
      after = page.items.at(-1)!.id;
    }
  };
  const sorted = (ids: number[]) => ids.sort((a, b) => a - b);
  return {
    tagged: sorted((await all(`/api/contacts?tags=${TAG.id}`)).map((c) => c.id)),
    enrolled: sorted((await all(`/api/school/enrollments?course=${COURSE}`)).map((e) => e.contact!.id)),
    members: sorted((await all(`/api/community/memberships?community=${COMMUNITY}`)).map((m) => m.contact!.id)),
  };
}
