import { describe, expect, it } from 'vitest';
import { readDelivery } from '../../src/http/read-delivery.js';
import { deriveEventSecret } from '../../src/http/signature.js';
import { fixtureBody, signedHeaders } from '../helpers/deliveries.js';

const body = fixtureBody('sale-new.json');
const now = () => new Date('2026-09-27T20:16:27.000Z');

describe('readDelivery', () => {
  it('checks the signature before looking at anything else', () => {
    const headers = signedHeaders(Buffer.from('not json'), 'wrong', 'NOT_AN_EVENT');
    expect(readDelivery(Buffer.from('not json'), headers, { secrets: ['s'], route: 'single' })).toEqual({
      kind: 'unauthorized',
      reason: 'mismatch',
    });
  });

  it('builds the job from headers and body, deduping on the message id', () => {
    const headers = signedHeaders(body, 's', 'SALE_NEW');
    const delivery = readDelivery(body, headers, { secrets: ['s'], route: 'single', now });
    expect(delivery).toMatchObject({
      kind: 'accept',
      event: 'SALE_NEW',
      dedupeId: headers['x-webhook-message-id'],
      secretIndex: 0,
      job: { receivedAt: '2026-09-27T20:16:27.000Z', schemaVersion: '2', route: 'single' },
    });
    expect(delivery).not.toHaveProperty('invalid');
  });

  it('falls back to the SHA-256 of the body without a message id', () => {
    const { 'x-webhook-message-id': _id, ...headers } = signedHeaders(body, 's', 'SALE_NEW');
    const delivery = readDelivery(body, headers, { secrets: ['s'], route: 'single' });
    expect(delivery.kind === 'accept' && delivery.dedupeId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('on a per-event route, refuses a header naming another event', () => {
    const secret = deriveEventSecret('master', 'SALE_CANCELED');
    const headers = signedHeaders(body, secret, 'SALE_NEW');
    const delivery = readDelivery(body, headers, { secrets: [secret], expectedEvent: 'SALE_CANCELED', route: 'event' });
    expect(delivery).toMatchObject({ kind: 'unauthorized', reason: 'event-mismatch:SALE_NEW' });
  });

  it('keeps an authentic payload that fails its schema, with the reason', () => {
    const bad = Buffer.from('{"customer":{}}');
    const delivery = readDelivery(bad, signedHeaders(bad, 's', 'SALE_CANCELED'), { secrets: ['s'], route: 'single' });
    expect(delivery.kind).toBe('accept');
    expect(delivery.kind === 'accept' && delivery.invalid).toContain('customer.contactId');
  });
});

describe('readDelivery on absurd nesting', () => {
  it('refuses an authentic body nested deeper than real payloads ever are', () => {
    const deep = Buffer.from(`{"contact":{"id":1,"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`);
    expect(readDelivery(deep, signedHeaders(deep, 's', 'CONTACT_CREATED'), { secrets: ['s'], route: 'single' })).toMatchObject({
      kind: 'bad_request',
      message: 'Body nests deeper than 32 levels',
    });
    const fine = Buffer.from(`{"contact":{"id":1,"x":${'['.repeat(25)}${']'.repeat(25)}}}`);
    expect(readDelivery(fine, signedHeaders(fine, 's', 'CONTACT_CREATED'), { secrets: ['s'], route: 'single' }).kind).toBe('accept');
  });
});
