import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationError,
  collect,
  createGateway,
  type Gateway,
} from '../../src/gateway/index.js';
import { createSimulator, type SeedData, type Simulator } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait-for.js';

const KEY = 'sim-key-3f9e';

const seed: SeedData = {
  contactFields: [{ slug: 'company', fieldName: 'Company' }],
  tags: [
    { id: 1, name: 'lead' },
    { id: 2, name: 'VIP member' },
    { id: 3, name: 'vip' },
  ],
  contacts: [
    { id: 10, email: 'jane@example.com', tags: [1], fields: [{ slug: 'company', value: 'Acme' }] },
    { id: 11, email: 'john@example.com' },
  ],
  courses: [
    { id: 100, name: 'Course', modules: [{ id: 1001, name: 'One' }, { id: 1002, name: 'Two' }] },
    { id: 101, name: 'Other', modules: [{ id: 1011, name: 'Intro' }] },
  ],
  communities: [{ id: 200, name: 'Club' }],
  pricePlans: [{ id: 300, name: 'Monthly', amount: 4900, currency: 'eur', recurringOptions: { interval: 'month', intervalCount: 1 } }],
  subscriptions: [
    { id: 400, contactId: 10, pricePlanId: 300 },
    { id: 401, contactId: 10, pricePlanId: 300 },
  ],
  enrollments: [{ id: 500, contactId: 11, courseId: 100 }],
  webhooks: [{ name: 'main', url: 'https://hooks.example/systeme', secret: 's3cret', subscriptions: ['SALE_NEW'] }],
};

let sim: Simulator;
let url: string;
let gateway: Gateway;

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__sim/${path}`, {
    method: body === undefined && path === 'requests' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.status === 204 ? undefined : response.json();
}

const requests = async () => (await control('requests')) as { method: string; path: string; status: number }[];

beforeAll(async () => {
  sim = createSimulator({ apiKey: KEY, membershipDelayMs: 20 });
  url = await sim.listen();
  gateway = createGateway({ baseUrl: url, auth: { mode: 'direct', apiKey: KEY } });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await control('reset', {});
  await control('seed', seed);
});

describe('gateway against the simulator: contacts', () => {
  it('creates, reads, finds, updates and deletes a contact', async () => {
    const created = await gateway.contacts.create({ email: 'new@example.com', locale: 'fr', fields: [{ slug: 'company', value: 'Initech' }] });
    expect(created).toMatchObject({ email: 'new@example.com', locale: 'fr', fields: [expect.objectContaining({ slug: 'company', value: 'Initech' })] });
    expect(await gateway.contacts.get(created.id)).toMatchObject({ id: created.id, email: 'new@example.com' });
    expect(await gateway.contacts.findByEmail('new@example.com')).toMatchObject({ id: created.id });
    expect(await gateway.contacts.findByEmail('nobody@example.com')).toBeUndefined();

    const updated = await gateway.contacts.update(created.id, { locale: 'de', fields: [{ slug: 'company', value: 'Globex' }] });
    expect(updated).toMatchObject({ locale: 'de', fields: [expect.objectContaining({ slug: 'company', value: 'Globex' })] });

    await gateway.contacts.delete(created.id);
    await expect(gateway.contacts.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports an existing email as a ValidationError with violations', async () => {
    const error = await gateway.contacts.create({ email: 'jane@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations[0]?.propertyPath).toBe('email');
  });

  it('lists with filters, and tags and untags', async () => {
    expect((await collect(gateway.contacts.list({ tags: [1] }))).map((c) => c.id)).toEqual([10]);
    expect((await collect(gateway.contacts.list({ email: 'john@example.com' }))).map((c) => c.id)).toEqual([11]);

    await gateway.contacts.addTag(11, 3);
    expect((await gateway.contacts.get(11)).tags).toEqual([expect.objectContaining({ id: 3, name: 'vip' })]);
    await gateway.contacts.removeTag(11, 3);
    expect((await gateway.contacts.get(11)).tags).toEqual([]);
    await expect(gateway.contacts.removeTag(11, 3)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('walks several pages in both orders', async () => {
    await control('seed', { contacts: Array.from({ length: 130 }, (_, i) => ({ email: `bulk${i}@example.com` })) });
    const all = await collect(gateway.contacts.list());
    expect(all).toHaveLength(132);
    expect(new Set(all.map((c) => c.id)).size).toBe(132);
    const ids = all.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const asc = await collect(gateway.contacts.list({ order: 'asc', limit: 50 }));
    expect(asc.map((c) => c.id)).toEqual([...ids].reverse());

    const page = await gateway.contacts.page({ limit: 10, order: 'asc' });
    expect(page.items).toHaveLength(10);
    expect(page.hasMore).toBe(true);
    const next = await gateway.contacts.page({ limit: 10, order: 'asc', startingAfter: page.items.at(-1)?.id });
    expect(next.items[0]?.id).toBeGreaterThan(page.items.at(-1)?.id ?? Infinity);

    const paths = (await requests()).map((r) => r.path).filter((p) => p.startsWith('/api/contacts?'));
    expect(paths[0]).toContain('limit=100');
    expect(paths[1]).toContain(`startingAfter=${ids[99]}`);
  });
});

describe('gateway against the simulator: tags and fields', () => {
  it('creates, finds by exact name, renames and deletes tags', async () => {
    expect(await gateway.tags.findByName('vip')).toMatchObject({ id: 3 });
    expect(await gateway.tags.findByName('VIP')).toBeUndefined();
    expect((await collect(gateway.tags.list({ query: 'VIP' }))).map((t) => t.id).sort()).toEqual([2, 3]);

    const tag = await gateway.tags.create('customer');
    expect(await gateway.tags.get(tag.id)).toMatchObject({ name: 'customer' });
    expect(await gateway.tags.rename(tag.id, 'client')).toMatchObject({ id: tag.id, name: 'client' });
    await gateway.tags.delete(tag.id);
    await expect(gateway.tags.get(tag.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await requests()).some((r) => r.method === 'PUT' && r.path === `/api/tags/${tag.id}` && r.status === 200)).toBe(true);
  });

  it('lists, creates, renames and deletes contact fields', async () => {
    expect((await collect(gateway.contactFields.list())).map((f) => f.slug)).toContain('company');
    expect(await gateway.contactFields.create({ fieldName: 'Plan', slug: 'plan' })).toEqual({ fieldName: 'Plan', slug: 'plan' });
    expect(await gateway.contactFields.update('plan', { fieldName: 'Plan name' })).toMatchObject({ slug: 'plan', fieldName: 'Plan name' });
    await gateway.contactFields.delete('plan');
    expect((await collect(gateway.contactFields.list())).map((f) => f.slug)).not.toContain('plan');
  });
});

describe('gateway against the simulator: school and community', () => {
  it('lists courses and creates, lists and deletes enrollments', async () => {
    const courses = await collect(gateway.courses.list());
    expect(courses.map((c) => c.id)).toEqual([101, 100]);
    expect(courses[1]?.modules.map((m) => m.id)).toEqual([1001, 1002]);
    const full = await gateway.enrollments.create(100, { contactId: 10, accessType: 'full_access' });
    expect(full).toMatchObject({ contact: { id: 10 }, course: { id: 100 }, accessType: 'full_access' });
    const partial = await gateway.enrollments.create(101, { contactId: 11, accessType: 'partial_access', modules: [1011] });
    expect(partial).toMatchObject({ course: { id: 101 }, accessType: 'partial_access' });

    expect((await collect(gateway.enrollments.list({ contact: 10 }))).map((e) => e.id)).toEqual([full.id]);
    expect((await collect(gateway.enrollments.list({ course: 100 }))).map((e) => e.id).sort()).toEqual([500, full.id].sort());
    expect((await collect(gateway.enrollments.list({ contact: 11, course: 101 }))).map((e) => e.id)).toEqual([partial.id]);
    await gateway.enrollments.delete(full.id);
    expect(await collect(gateway.enrollments.list({ contact: 10 }))).toEqual([]);
    await expect(gateway.enrollments.delete(full.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists communities, queues a membership that appears later, and deletes it', async () => {
    expect((await collect(gateway.communities.list())).map((c) => c.name)).toEqual(['Club']);
    expect(await gateway.memberships.create(200, 10)).toEqual({ queued: true });
    const memberships = await waitFor(async () => {
      const found = await collect(gateway.memberships.list({ community: 200, contact: 10 }));
      return found.length > 0 ? found : undefined;
    });
    expect(memberships).toEqual([expect.objectContaining({ community: expect.objectContaining({ id: 200 }), contact: { id: 10 } })]);
    await gateway.memberships.delete(memberships[0]!.id);
    expect(await collect(gateway.memberships.list({ contact: 10 }))).toEqual([]);
  });
});

describe('gateway against the simulator: subscriptions and webhooks', () => {
  it("lists a contact's subscriptions and cancels them, refusing a second cancel", async () => {
    const subscriptions = await collect(gateway.subscriptions.list({ contact: 10 }));
    expect(subscriptions.map((s) => s.id).sort()).toEqual([400, 401]);
    expect(subscriptions[0]).toMatchObject({ status: 'active', pricePlan: { id: 300 } });

    await gateway.subscriptions.cancel(400, 'Now');
    await gateway.subscriptions.cancel(401, 'WhenBillingPeriodEnds');
    const after = await collect(gateway.subscriptions.list({ contact: 10 }));
    expect(after.find((s) => s.id === 400)).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    await expect(gateway.subscriptions.cancel(400, 'Now')).rejects.toBeInstanceOf(ValidationError);
    expect(await collect(gateway.subscriptions.list({ contact: 11 }))).toEqual([]);
  });

  it('creates, lists, reads, updates and deletes webhooks by UUID', async () => {
    const created = await gateway.webhooks.create({
      name: 'second',
      url: 'https://hooks.example/second',
      secret: 'abc',
      subscriptions: ['CONTACT_CREATED', 'SALE_CANCELED'],
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.subscriptions.map((s) => s.event).sort()).toEqual(['CONTACT_CREATED', 'SALE_CANCELED']);
    expect(created).not.toHaveProperty('secret');
    expect((await collect(gateway.webhooks.list())).map((w) => w.name).sort()).toEqual(['main', 'second']);
    expect(await gateway.webhooks.get(created.id)).toMatchObject({ name: 'second' });
    const updated = await gateway.webhooks.update(created.id, { active: false, subscriptions: ['SALE_NEW'] });
    expect(updated.active).toBe(false);
    // The simulator keeps dropped subscriptions, disabled with USER_CANCELED.
    expect(updated.subscriptions.filter((s) => !s.disabledAt).map((s) => s.event)).toEqual(['SALE_NEW']);
    const duplicate = await gateway.webhooks
      .create({ name: 'main', url: 'https://hooks.example/other', secret: 'x', subscriptions: ['SALE_NEW'] })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ValidationError);
    expect((duplicate as Error).message).toContain('This value is already used.');
    await gateway.webhooks.delete(created.id);
    await expect(gateway.webhooks.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('gateway against the simulator: auth, quota and faults', () => {
  it('works in Maton mode under /systeme, and refuses a wrong key naming the variable', async () => {
    const maton = createGateway({ baseUrl: `${url}/systeme`, auth: { mode: 'maton', apiKey: KEY, connection: 'c-1' } });
    expect(await maton.contacts.get(10)).toMatchObject({ email: 'jane@example.com' });
    const wrong = createGateway({ baseUrl: url, auth: { mode: 'maton', apiKey: 'nope' } });
    const error = await wrong.contacts.get(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('MATON_API_KEY');
  });

  it('exposes the rate-limit headers and surfaces a 429 with its Retry-After', async () => {
    const limited = createSimulator({ apiKey: KEY, rateLimit: { max: 2, durationMs: 30_000 } });
    try {
      const client = createGateway({ baseUrl: await limited.listen(), auth: { mode: 'direct', apiKey: KEY } });
      await expect(client.contacts.get(1)).rejects.toBeInstanceOf(NotFoundError);
      expect(client.rateLimit()).toMatchObject({ limit: 2, remaining: 1, refillSeconds: 30 });
      await client.contacts.get(1).catch(() => undefined);
      const error = await client.contacts.get(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(25_000);
      expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(30_000);
      expect(client.rateLimit()?.remaining).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it('retries injected 5xx on reads but not on writes', async () => {
    const failing = createSimulator({ apiKey: KEY, failRate: 1, random: () => 0 }); // always a 500
    try {
      const base = await failing.listen();
      const client = createGateway({ baseUrl: base, auth: { mode: 'direct', apiKey: KEY }, retryBaseMs: 1 });
      await expect(client.tags.get(1)).rejects.toBeInstanceOf(ServerError);
      await expect(client.tags.create('x')).rejects.toBeInstanceOf(ServerError);
      const log = (await (await fetch(`${base}/__sim/requests`)).json()) as { method: string }[];
      expect(log.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'POST']);
    } finally {
      await failing.close();
    }
  });
});
