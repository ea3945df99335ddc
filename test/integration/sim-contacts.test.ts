import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/sim/index.js';

const KEY = 'sim-test-key';
let sim: Simulator;
let base: string;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': contentType }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

beforeAll(async () => {
  sim = createSimulator({
    apiKey: KEY,
    seed: { tags: [{ id: 10, name: 'Lead' }, { id: 11, name: 'Customers' }], contacts: [{ id: 501, email: 'ann@example.com', tags: [10] }] },
  });
  base = await sim.listen(0);
});
afterAll(() => sim.close());

describe('authentication', () => {
  it('answers 401 {title, detail} without a key or with a wrong one', async () => {
    const none = await fetch(`${base}/api/contacts`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ title: 'Unauthorized', detail: expect.stringContaining('X-API-Key') });
    expect((await api('GET', '/api/contacts', undefined, { 'x-api-key': 'wrong' })).status).toBe(401);
  });

  it('accepts the key as a Maton-style Bearer token, also under the /systeme prefix', async () => {
    const bearer = await fetch(`${base}/api/contacts/501`, { headers: { authorization: `Bearer ${KEY}`, 'maton-connection': 'c1' } });
    expect(bearer.status).toBe(200);
    const prefixed = await fetch(`${base}/systeme/api/contacts/501`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(((await prefixed.json()) as { email: string }).email).toBe('ann@example.com');
  });
});

describe('contacts', () => {
  it('creates a contact (201) with its fields, and refuses the same email with a 422 violation', async () => {
    const created = await api('POST', '/api/contacts', { email: 'bob@example.com', locale: 'fr', fields: [{ slug: 'first_name', value: 'Bob' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      email: 'bob@example.com',
      locale: 'fr',
      registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      sourceURL: null,
      unsubscribed: false,
      bounced: false,
      needsConfirmation: false,
      fields: [{ fieldName: 'First name', slug: 'first_name', value: 'Bob' }],
      tags: [],
    });
    expect(created.body.id).toBeGreaterThan(501);

    const duplicate = await api('POST', '/api/contacts', { email: 'Bob@example.com' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toEqual({
      type: 'https://tools.ietf.org/html/rfc2616#section-10',
      title: 'An error occurred',
      detail: 'email: This value is already used.',
      violations: [{ propertyPath: 'email', message: 'This value is already used.', code: expect.any(String) }],
    });
  });

  it('rejects a missing email and an unknown field slug with violations naming them', async () => {
    const invalid = await api('POST', '/api/contacts', { fields: [{ slug: 'shoe_size', value: '42' }] });
    expect(invalid.status).toBe(422);
    expect(invalid.body.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual(['email']);
    const unknownField = await api('POST', '/api/contacts', { email: 'x@example.com', fields: [{ slug: 'shoe_size', value: '42' }] });
    expect(unknownField.body.violations[0].propertyPath).toBe('fields[0].slug');
  });

  it('filters by exact email and by all of several tags', async () => {
    const byEmail = await api('GET', '/api/contacts?email=ann@example.com');
    expect(byEmail.body).toEqual({ items: [expect.objectContaining({ id: 501 })], hasMore: false });
    expect((await api('GET', '/api/contacts?email=ann@example')).body.items).toEqual([]);
    await api('POST', '/api/contacts/501/tags', { tagId: 11 });
    expect((await api('GET', '/api/contacts?tags=10,11')).body.items.map((c: { id: number }) => c.id)).toEqual([501]);
    expect((await api('GET', '/api/contacts?tags=11')).body.items.map((c: { id: number }) => c.id)).toEqual([501]);
  });

  it('patches locale and fields with merge-patch (null removes a value), and refuses plain JSON with 415', async () => {
    const patched = await api('PATCH', '/api/contacts/501', { locale: 'de', fields: [{ slug: 'country', value: 'FR' }, { slug: 'surname', value: 'Lee' }] });
    expect(patched.status).toBe(200);
    expect(patched.body.locale).toBe('de');
    expect(patched.body.fields).toEqual([
      { fieldName: 'Country', slug: 'country', value: 'FR' },
      { fieldName: 'Surname', slug: 'surname', value: 'Lee' },
    ]);
    const removed = await api('PATCH', '/api/contacts/501', { fields: [{ slug: 'country', value: null }] });
    expect(removed.body.fields).toEqual([{ fieldName: 'Surname', slug: 'surname', value: 'Lee' }]);
    const wrongType = await api('PATCH', '/api/contacts/501', { locale: 'en' }, { 'content-type': 'application/json' });
    expect(wrongType.status).toBe(415);
  });

  it('answers 404 {title, detail} for unknown ids, and deletes with 204', async () => {
    const missing = await api('GET', '/api/contacts/999999');
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body).sort()).toEqual(['detail', 'title']);
    expect((await api('GET', '/api/contacts/abc')).status).toBe(404);
    const temp = await api('POST', '/api/contacts', { email: 'temp@example.com' });
    expect((await api('DELETE', `/api/contacts/${temp.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/contacts/${temp.body.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/contacts/${temp.body.id}`)).status).toBe(404);
  });
});

describe('contact tags', () => {
  it('assigns (204) and removes (204) a tag; removing an absent tag is a 404', async () => {
    const contact = await api('POST', '/api/contacts', { email: 'tagged@example.com' });
    const id = contact.body.id as number;
    expect((await api('POST', `/api/contacts/${id}/tags`, { tagId: 10 })).status).toBe(204);
    expect((await api('GET', `/api/contacts/${id}`)).body.tags).toEqual([{ id: 10, name: 'Lead' }]);
    expect((await api('DELETE', `/api/contacts/${id}/tags/10`)).status).toBe(204);
    expect((await api('GET', `/api/contacts/${id}`)).body.tags).toEqual([]);
    const absent = await api('DELETE', `/api/contacts/${id}/tags/10`);
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual({ title: 'An error occurred', detail: expect.any(String) });
  });

  it('refuses a missing or unknown tagId with 422, and an unknown contact with 404', async () => {
    expect((await api('POST', '/api/contacts/501/tags', {})).body.violations[0].propertyPath).toBe('tagId');
    expect((await api('POST', '/api/contacts/501/tags', { tagId: 424242 })).status).toBe(422);
    expect((await api('POST', '/api/contacts/424242/tags', { tagId: 10 })).status).toBe(404);
  });
});

describe('tags', () => {
  it('creates (201), finds by partial case-insensitive query, renames with PUT and deletes (204)', async () => {
    const created = await api('POST', '/api/tags', { name: 'VIP Gold' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), name: 'VIP Gold', createdAt: expect.stringMatching(/\+00:00$/) });
    const found = await api('GET', '/api/tags?query=gold');
    expect(found.body.items.map((t: { name: string }) => t.name)).toEqual(['VIP Gold']);
    const renamed = await api('PUT', `/api/tags/${created.body.id}`, { name: 'VIP Platinum' });
    expect(renamed.body.name).toBe('VIP Platinum');
    expect((await api('GET', `/api/tags/${created.body.id}`)).body.name).toBe('VIP Platinum');
    expect((await api('DELETE', `/api/tags/${created.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/tags/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a duplicate name and a name over 64 characters with 422', async () => {
    const duplicate = await api('POST', '/api/tags', { name: 'Lead' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.violations).toEqual([{ propertyPath: 'name', message: 'This value is already used.', code: expect.any(String) }]);
    const long = await api('POST', '/api/tags', { name: 'x'.repeat(65) });
    expect(long.status).toBe(422);
    expect(long.body.violations[0]).toMatchObject({ propertyPath: 'name', message: 'This value is too long. It should have 64 characters or less.' });
    expect((await api('POST', '/api/tags', { name: 'y'.repeat(64) })).status).toBe(201);
  });
});

describe('contact fields', () => {
  it('lists built-in fields, creates (201), renames (200) and deletes (204) by slug', async () => {
    const list = await api('GET', '/api/contact_fields');
    expect(list.body.items).toContainEqual({ slug: 'first_name', fieldName: 'First name' });
    expect((await api('POST', '/api/contact_fields', { fieldName: 'Shoe size', slug: 'shoe_size' })).status).toBe(201);
    expect((await api('POST', '/api/contact_fields', { fieldName: 'Again', slug: 'shoe_size' })).status).toBe(422);
    expect((await api('POST', '/api/contact_fields', { fieldName: 'Bad', slug: 'bad slug' })).status).toBe(422);
    const renamed = await api('PATCH', '/api/contact_fields/shoe_size', { fieldName: 'Shoe size (EU)' });
    expect(renamed).toMatchObject({ status: 200, body: { slug: 'shoe_size', fieldName: 'Shoe size (EU)' } });
    expect((await api('DELETE', '/api/contact_fields/shoe_size')).status).toBe(204);
    expect((await api('PATCH', '/api/contact_fields/shoe_size', { fieldName: 'x' })).status).toBe(404);
  });
});

describe('malformed requests', () => {
  it('answers 400 for broken JSON and 404 for unknown routes', async () => {
    const broken = await fetch(`${base}/api/tags`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{"name":' });
    expect(broken.status).toBe(400);
    expect((await api('GET', '/api/nothing-here')).status).toBe(404);
    expect((await api('PUT', '/api/contacts/501', { email: 'x@example.com' })).status).toBe(405);
  });
});
