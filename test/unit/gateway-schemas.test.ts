import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { checkInput, idSegment, keySegment } from '../../src/gateway/check-input.js';
import { InvalidRequestError, ValidationError } from '../../src/gateway/errors.js';
import { gatewayOptionsFromConfig } from '../../src/gateway/options-from-config.js';
import { isPageSizeRejection, pageSizes } from '../../src/gateway/paginate.js';
import { contactCreateSchema, contactSchema } from '../../src/gateway/schemas/contact.js';
import { enrollmentCreateSchema } from '../../src/gateway/schemas/school.js';
import { subscriptionSchema } from '../../src/gateway/schemas/subscription.js';
import { webhookCreateSchema, webhookSchema } from '../../src/gateway/schemas/webhook.js';

describe('response schemas', () => {
  it('keep unknown keys and fill absent lists', () => {
    const contact = contactSchema.parse({ id: 1, email: 'a@b.co', brandNew: { x: 1 } });
    expect(contact).toMatchObject({ id: 1, email: 'a@b.co', brandNew: { x: 1 }, tags: [], fields: [] });
  });

  it('read statuses and event names the OpenAPI document does not know yet', () => {
    expect(subscriptionSchema.parse({ id: 5, status: 'paused_someday', pricePlan: null }).status).toBe('paused_someday');
    const webhook = webhookSchema.parse({ id: 'u-1', name: 'n', url: 'https://x', subscriptions: [{ id: 's', event: 'FUTURE_EVENT' }] });
    expect(webhook.subscriptions[0]?.event).toBe('FUTURE_EVENT');
  });

  it('refuse a contact without an id', () => {
    expect(contactSchema.safeParse({ email: 'a@b.co' }).success).toBe(false);
  });
});

describe('request checks', () => {
  it('require modules for partial access', () => {
    expect(() => checkInput('enrollments.create', enrollmentCreateSchema, { contactId: 1, accessType: 'partial_access' })).toThrow(
      InvalidRequestError,
    );
    expect(checkInput('enrollments.create', enrollmentCreateSchema, { contactId: 1, accessType: 'partial_access', modules: [3] })).toEqual({
      contactId: 1,
      accessType: 'partial_access',
      modules: [3],
    });
  });

  it('say which argument is wrong and that nothing was sent', () => {
    try {
      checkInput('contacts.create', contactCreateSchema, { email: 'not-an-email', locale: 'xx' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).message).toMatch(/nothing was sent[\s\S]*email[\s\S]*locale/);
      expect((error as InvalidRequestError).retryable).toBe(false);
    }
  });

  it('refuse duplicate or unknown webhook events and non-http urls', () => {
    const base = { name: 'n', url: 'https://hooks.example/systeme', secret: 's' };
    expect(webhookCreateSchema.safeParse({ ...base, subscriptions: ['SALE_NEW'] }).success).toBe(true);
    expect(webhookCreateSchema.safeParse({ ...base, subscriptions: ['SALE_NEW', 'SALE_NEW'] }).success).toBe(false);
    expect(webhookCreateSchema.safeParse({ ...base, subscriptions: ['SALE_REFUNDED'] }).success).toBe(false);
    expect(webhookCreateSchema.safeParse({ ...base, url: 'ftp://x', subscriptions: ['SALE_NEW'] }).success).toBe(false);
  });

  it('turn ids and keys into safe path segments', () => {
    expect(idSegment('contacts.get', 42)).toBe('42');
    expect(() => idSegment('contacts.get', 0)).toThrow(InvalidRequestError);
    expect(() => idSegment('contacts.get', 1.5)).toThrow(InvalidRequestError);
    expect(() => idSegment('contacts.get', undefined as unknown as number)).toThrow(InvalidRequestError);
    expect(keySegment('contactFields.delete', 'a/b?c')).toBe('a%2Fb%3Fc');
    expect(() => keySegment('webhooks.get', '')).toThrow(InvalidRequestError);
  });
});

describe('page sizes', () => {
  it('fall back 100 → 50 → 20 → 10, from any start', () => {
    expect(pageSizes(100)).toEqual([100, 50, 20, 10]);
    expect(pageSizes(30)).toEqual([30, 20, 10]);
    expect(pageSizes(10)).toEqual([10]);
  });

  it('treat a 422 about the limit, or about nothing named, as a page-size refusal', () => {
    const about = (propertyPath: string) => new ValidationError('contacts.list', 'x', [{ propertyPath, message: 'm', code: 'c' }]);
    expect(isPageSizeRejection(new ValidationError('contacts.list', 'x', []))).toBe(true);
    expect(isPageSizeRejection(about('limit'))).toBe(true);
    expect(isPageSizeRejection(about('email'))).toBe(false);
    expect(isPageSizeRejection(new Error('x'))).toBe(false);
  });
});

describe('gatewayOptionsFromConfig', () => {
  it('maps the api section, letting extras add or override', () => {
    const config = loadConfig({ MATON_API_KEY: 'mk', MATON_CONNECTION: 'conn-1', API_TIMEOUT: '3s', API_RETRIES: '4' });
    const options = gatewayOptionsFromConfig(config, { userAgent: 'test', retries: 1 });
    expect(options).toMatchObject({
      baseUrl: 'https://gateway.maton.ai/systeme',
      auth: { mode: 'maton', apiKey: 'mk', connection: 'conn-1' },
      timeoutMs: 3000,
      retries: 1,
      userAgent: 'test',
    });
  });

  it('says which variable to set when there is no key', () => {
    expect(() => gatewayOptionsFromConfig(loadConfig({}))).toThrow(ConfigError);
    expect(() => gatewayOptionsFromConfig(loadConfig({}))).toThrow(/set SYSTEME_API_KEY or MATON_API_KEY/);
  });
});
