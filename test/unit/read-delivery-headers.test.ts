import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readDelivery, type DeliveryHeaders } from '../../src/http/read-delivery.js';
import { sign } from '../../src/http/signature.js';
import { fixtureBody, signedHeaders } from '../helpers/deliveries.js';

const body = fixtureBody('sale-new.json');
const contact = Buffer.from('{"contact":{"id":1,"email":"a@example.com"}}');
const read = (headers: DeliveryHeaders, bytes: Buffer = body) => readDelivery(bytes, headers, { secrets: ['s'], route: 'single' });

describe('readDelivery: headers as sent, blank, padded, repeated or huge', () => {
  it('treats a whitespace-only message id as missing, deduping on the body', () => {
    const delivery = read(signedHeaders(body, 's', 'SALE_NEW', { 'x-webhook-message-id': '   \t ' }));
    expect(delivery.kind).toBe('accept');
    expect(delivery.kind === 'accept' && delivery.dedupeId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(delivery.kind === 'accept' && delivery.job.messageId).toBe(delivery.kind === 'accept' && delivery.dedupeId);
  });

  it('treats a whitespace-only event header as missing', () => {
    expect(read(signedHeaders(body, 's', '  '))).toEqual({ kind: 'bad_request', message: 'X-Webhook-Event header is missing' });
    expect(read(signedHeaders(body, 's', ''))).toEqual({ kind: 'bad_request', message: 'X-Webhook-Event header is missing' });
  });

  it('trims the headers it keeps', () => {
    const headers = signedHeaders(body, 's', ' SALE_NEW ', {
      'x-webhook-message-id': '  0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b  ',
      'x-webhook-event-timestamp': ' 2026-09-27T20:16:26+00:00 ',
      'x-webhook-schema-version': ' 2 ',
    });
    expect(read(headers)).toMatchObject({
      kind: 'accept',
      event: 'SALE_NEW',
      dedupeId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      job: { messageId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', eventTimestamp: '2026-09-27T20:16:26+00:00', schemaVersion: '2' },
    });
  });

  it('keeps a blank timestamp and schema version as null', () => {
    const headers = signedHeaders(body, 's', 'SALE_NEW', { 'x-webhook-event-timestamp': ' ', 'x-webhook-schema-version': '' });
    expect(read(headers)).toMatchObject({ kind: 'accept', job: { eventTimestamp: null, schemaVersion: null } });
  });

  it('hashes over-long message ids instead of cutting them, and cuts other over-long headers to 200 characters', () => {
    const digest = (id: string) => `sha256:${createHash('sha256').update(id).digest('hex')}`;
    const long = 'm'.repeat(5_000);
    const headers = signedHeaders(body, 's', 'SALE_NEW', { 'x-webhook-message-id': long, 'x-webhook-event-timestamp': `2026${'x'.repeat(300)}` });
    const delivery = read(headers);
    expect(delivery).toMatchObject({ kind: 'accept', dedupeId: digest(long), job: { messageId: digest(long) } });
    expect(delivery.kind === 'accept' && delivery.job.eventTimestamp).toHaveLength(200);
    expect(read(signedHeaders(body, 's', 'SALE_NEW', { 'x-webhook-message-id': 'm'.repeat(200) }))).toMatchObject({ dedupeId: 'm'.repeat(200) });
    // Two ids sharing their first 200 characters stay two deliveries.
    expect(read(signedHeaders(body, 's', 'SALE_NEW', { 'x-webhook-message-id': 'm'.repeat(201) }))).toMatchObject({ dedupeId: digest('m'.repeat(201)) });
  });

  it('names an unknown or over-long event in 40 characters at most', () => {
    const other = `ORDER_${'X'.repeat(100)}`;
    expect(read(signedHeaders(body, 's', other))).toEqual({
      kind: 'ignored',
      event: other.slice(0, 40),
      messageId: expect.any(String),
    });
    const { 'x-webhook-message-id': _id, ...noId } = signedHeaders(body, 's', 'ORDER_PAID');
    expect(read(noId)).toEqual({ kind: 'ignored', event: 'ORDER_PAID' });
  });

  it('on a per-event route, accepts a header naming the route\'s own event', () => {
    const delivery = readDelivery(contact, signedHeaders(contact, 's', 'CONTACT_CREATED'), { secrets: ['s'], route: 'event', expectedEvent: 'CONTACT_CREATED' });
    expect(delivery).toMatchObject({ kind: 'accept', event: 'CONTACT_CREATED', job: { route: 'event' } });
  });

  it('on a per-event route, names the other event in 40 characters at most', () => {
    const other = `SALE_${'X'.repeat(100)}`;
    const delivery = readDelivery(body, signedHeaders(body, 's', other), { secrets: ['s'], route: 'event', expectedEvent: 'SALE_NEW' });
    expect(delivery).toEqual({ kind: 'unauthorized', reason: `event-mismatch:${other.slice(0, 40)}` });
  });

  it('reads the first of a repeated header', () => {
    const headers: DeliveryHeaders = { ...signedHeaders(body, 's', 'SALE_NEW'), 'x-webhook-message-id': ['first', 'second'] };
    expect(read(headers)).toMatchObject({ kind: 'accept', dedupeId: 'first' });
    const events: DeliveryHeaders = { ...signedHeaders(body, 's', 'SALE_NEW'), 'x-webhook-event': ['SALE_NEW', 'SALE_CANCELED'] };
    expect(read(events)).toMatchObject({ kind: 'accept', event: 'SALE_NEW' });
  });

  it('refuses a blank, missing or whitespace signature before anything else', () => {
    for (const signature of ['', '   ']) {
      expect(read({ ...signedHeaders(body, 's', 'SALE_NEW'), 'x-webhook-signature': signature })).toEqual({ kind: 'unauthorized', reason: 'missing-signature' });
    }
    const { 'x-webhook-signature': _signature, ...unsigned } = signedHeaders(body, 's', 'SALE_NEW');
    expect(read(unsigned)).toEqual({ kind: 'unauthorized', reason: 'missing-signature' });
  });

  it('accepts a signature padded with spaces or in upper case', () => {
    const signature = sign('s', contact);
    expect(read({ ...signedHeaders(contact, 's', 'CONTACT_CREATED'), 'x-webhook-signature': ` ${signature.toUpperCase()} ` }, contact).kind).toBe('accept');
  });

  it('refuses an authentic body that is not JSON, naming the event', () => {
    const text = Buffer.from('{"contact":');
    expect(read(signedHeaders(text, 's', 'CONTACT_CREATED'), text)).toEqual({ kind: 'bad_request', message: 'Body is not valid JSON', event: 'CONTACT_CREATED' });
  });

  it('drops __proto__ and constructor.prototype keys while parsing', () => {
    const hostile = Buffer.from('{"contact":{"id":1,"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}');
    const delivery = read(signedHeaders(hostile, 's', 'CONTACT_CREATED'), hostile);
    expect(delivery.kind).toBe('accept');
    const payload = (delivery.kind === 'accept' ? delivery.job.payload : {}) as { contact: Record<string, unknown> };
    expect(Object.hasOwn(payload.contact, '__proto__')).toBe(false);
    expect(payload.contact.constructor).toBe(Object);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stamps the receipt time from the clock it is given', () => {
    const delivery = readDelivery(contact, signedHeaders(contact, 's', 'CONTACT_CREATED'), { secrets: ['s'], route: 'event', now: () => new Date(0) });
    expect(delivery).toMatchObject({ kind: 'accept', job: { receivedAt: '1970-01-01T00:00:00.000Z', route: 'event' } });
  });
});
