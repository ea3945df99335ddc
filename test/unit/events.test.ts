import { describe, expect, it } from 'vitest';
import { jobDataSchema } from '../../src/events/job-data.js';
import { eventFromKebab, eventToKebab } from '../../src/events/event-types.js';
import { normalisePayload } from '../../src/events/normalise.js';
import { phpJsonEncode } from '../../src/events/php-json.js';
import { fixtureBody } from '../helpers/deliveries.js';

const parse = (name: string) => JSON.parse(fixtureBody(name).toString()) as unknown;

describe('normalisePayload', () => {
  it('exposes the sale customer as the contact, keeping every other key as sent', () => {
    const result = normalisePayload('SALE_NEW', parse('sale-new.json'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.contact).toEqual({ id: 12345, email: 'jane@example.com' });
    expect(result.data).toMatchObject({ pricePlan: { id: 3456 }, order: { id: 555 }, funnelStep: { funnel: { id: 8 } } });
  });

  it('single-nests the double-nested contact of tag events, and accepts the single form', () => {
    const nested = normalisePayload('CONTACT_TAG_ADDED', parse('contact-tag-added-double-nested.json'));
    expect(nested.ok && nested.data.contact.id).toBe(12345);
    expect(nested.ok && nested.data.tag).toEqual({ id: 7, name: 'vip' });
    const single = normalisePayload('CONTACT_TAG_REMOVED', { contact: { id: 3, email: 'a@b.c', tags: [] }, tag: { id: 7, name: 'vip' } });
    expect(single.ok && single.data.contact).toEqual({ id: 3, email: 'a@b.c', tags: [] });
  });

  it('keeps unknown extra keys instead of rejecting them', () => {
    const result = normalisePayload('CONTACT_CREATED', { contact: { id: 1, brandNewField: 'x' }, extra: { a: 1 } });
    expect(result.ok && result.data).toEqual({ contact: { id: 1, brandNewField: 'x' }, extra: { a: 1 } });
  });

  it('accepts digit-only string ids as numbers', () => {
    const result = normalisePayload('SALE_CANCELED', { customer: { contactId: '12345' } });
    expect(result.ok && result.data.contact.id).toBe(12345);
  });

  it('refuses payloads without the contact id reactions need, saying where', () => {
    const sale = normalisePayload('SALE_NEW', { customer: { email: 'x@example.com' } });
    expect(sale).toMatchObject({ ok: false });
    expect(!sale.ok && sale.error).toContain('customer.contactId');
    const contact = normalisePayload('CONTACT_OPT_IN', { contact: { id: -4 } });
    expect(contact.ok).toBe(false);
    expect(normalisePayload('CONTACT_TAG_ADDED', { contact: { id: 1 } }).ok).toBe(false);
    expect(normalisePayload('CONTACT_CREATED', [1, 2]).ok).toBe(false);
  });
});

describe('event names', () => {
  it('converts between header names and per-event URL segments', () => {
    expect(eventToKebab('SALE_CANCELED')).toBe('sale-canceled');
    expect(eventFromKebab('contact-tag-added')).toBe('CONTACT_TAG_ADDED');
    expect(eventFromKebab('sale-refunded')).toBeUndefined();
  });
});

describe('phpJsonEncode', () => {
  it('writes JSON the way PHP does: escaped slashes and \\u escapes for non-ASCII', () => {
    const text = phpJsonEncode({ url: 'https://x.systeme.io/p', name: 'Cours d’été' });
    expect(text).toBe('{"url":"https:\\/\\/x.systeme.io\\/p","name":"Cours d\\u2019\\u00e9t\\u00e9"}');
    expect(JSON.parse(text)).toEqual({ url: 'https://x.systeme.io/p', name: 'Cours d’été' });
  });
});

describe('jobDataSchema', () => {
  const stored = { event: 'SALE_NEW', messageId: 'm', eventTimestamp: null, receivedAt: '2026-01-01T00:00:00.000Z', schemaVersion: null, route: 'event', payload: {} };

  it('describes everything a job holds, the worker’s 429 bounce count included', () => {
    expect(jobDataSchema.parse({ ...stored, rateLimitBounces: 2 })).toEqual({ ...stored, rateLimitBounces: 2 });
    expect(jobDataSchema.parse(stored)).toEqual(stored);
    expect(jobDataSchema.safeParse({ ...stored, rateLimitBounces: -1 }).success).toBe(false);
  });
});
