import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_DELAY_MS, errorFromResponse, type ErrorResponse } from '../../src/gateway/error-from-response.js';
import {
  ClientError,
  MatonConnectionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  SystemeApiError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src/gateway/errors.js';

const now = Date.parse('2026-01-01T00:00:00Z');

function map(status: number, body: unknown = {}, extra: Partial<ErrorResponse> = {}): SystemeApiError {
  return errorFromResponse({ operation: 'tags.create', status, body, headers: new Headers(), authMode: 'direct', now, ...extra });
}

describe('errorFromResponse', () => {
  it('keeps email addresses the API quotes out of the message (it reaches logs and failed reasons)', () => {
    const error = map(422, {
      detail: 'email: "jane.doe+vip@example.com" is already used',
      violations: [{ propertyPath: 'email', message: 'The email "jane.doe+vip@example.com" is already used.', code: 'x' }],
    }) as ValidationError;
    expect(error.message).not.toContain('jane.doe');
    expect(error.message).toContain('email: "[email]" is already used');
    expect(error.violations[0]!.message).toBe('The email "[email]" is already used.');
    expect(map(500, 'upstream failed for ann@example.com').message).toContain('upstream failed for [email]');
  });

  it.each([
    [400, ClientError, 'API_CLIENT_ERROR', false],
    [401, UnauthorizedError, 'API_UNAUTHORIZED', false],
    [403, UnauthorizedError, 'API_UNAUTHORIZED', false],
    [404, NotFoundError, 'API_NOT_FOUND', false],
    [405, ClientError, 'API_CLIENT_ERROR', false],
    [408, ClientError, 'API_CLIENT_ERROR', true],
    [409, ClientError, 'API_CLIENT_ERROR', true],
    [410, ClientError, 'API_CLIENT_ERROR', false],
    [422, ValidationError, 'API_VALIDATION_FAILED', false],
    [429, RateLimitedError, 'API_RATE_LIMITED', true],
    [500, ServerError, 'API_SERVER_ERROR', true],
    [502, ServerError, 'API_SERVER_ERROR', true],
    [503, ServerError, 'API_SERVER_ERROR', true],
    [301, UnexpectedResponseError, 'API_UNEXPECTED_RESPONSE', false],
  ] as const)('maps %i to %o', (status, kind, code, retryable) => {
    const error = map(status);
    expect(error).toBeInstanceOf(kind);
    expect(error).toBeInstanceOf(SystemeApiError);
    expect(error).toMatchObject({ code, status, retryable, operation: 'tags.create' });
    expect(error.message.startsWith('tags.create: ')).toBe(true);
  });

  it('carries the violations and detail of a 422', () => {
    const body = {
      type: 'https://tools.ietf.org/html/rfc2616#section-10',
      title: 'An error occurred',
      detail: 'name: This value is already used.',
      violations: [{ propertyPath: 'name', message: 'This value is already used.', code: 'abc' }],
    };
    const error = map(422, body) as ValidationError;
    expect(error.violations).toEqual([{ propertyPath: 'name', message: 'This value is already used.', code: 'abc' }]);
    expect(error.message).toContain('name: This value is already used.');
  });

  it('quotes the detail of other errors and tolerates odd bodies', () => {
    expect(map(404, { title: 'Not Found', detail: 'Contact not found' }).message).toContain('Contact not found');
    expect(map(400, { message: 'Bad JSON' }).message).toContain('Bad JSON');
    expect(map(502, '<html>\n  <body>Bad   gateway</body></html>').message).toContain('<html> <body>Bad gateway</body></html>');
    expect(map(500, null)).toBeInstanceOf(ServerError);
    expect((map(422, { violations: 'nope' }) as ValidationError).violations).toEqual([]);
  });

  it('names the key variable of the auth mode on 401/403', () => {
    expect(map(401).message).toContain('SYSTEME_API_KEY');
    expect(map(401).message).not.toContain('MATON_API_KEY');
    expect(map(403, {}, { authMode: 'maton' }).message).toContain('MATON_API_KEY');
  });

  it('says how to create a Maton connection when Maton has none', () => {
    const error = map(400, { error: 'No active connection found for app systeme' }, { authMode: 'maton' });
    expect(error).toBeInstanceOf(MatonConnectionError);
    expect(error.code).toBe('API_MATON_CONNECTION_MISSING');
    expect(error.message).toContain('systeme-hooks maton connect');
    expect(error.message).toContain('MATON_CONNECTION');
    // A direct-mode 400 is the API's own complaint about the request.
    expect(map(400, { error: 'No active connection' })).toBeInstanceOf(ClientError);
  });

  it('takes the 429 delay from Retry-After, then X-RateLimit-Refill, then a default', () => {
    const withRetryAfter = map(429, {}, { headers: new Headers({ 'Retry-After': '7', 'X-RateLimit-Refill': '30' }) });
    expect((withRetryAfter as RateLimitedError).retryAfterMs).toBe(7000);
    const withRefill = map(429, {}, { headers: new Headers({ 'X-RateLimit-Refill': '30' }) });
    expect((withRefill as RateLimitedError).retryAfterMs).toBe(30_000);
    expect((map(429) as RateLimitedError).retryAfterMs).toBe(DEFAULT_RATE_LIMIT_DELAY_MS);
  });

  it('keeps a 503 Retry-After for the retry decision', () => {
    expect((map(503, {}, { headers: new Headers({ 'Retry-After': '1' }) }) as ServerError).retryAfterMs).toBe(1000);
    expect((map(500) as ServerError).retryAfterMs).toBeUndefined();
  });

  it('refuses redirects, naming where they lead', () => {
    const error = map(302, '', { headers: new Headers({ location: 'https://elsewhere.example/api' }) });
    expect(error.message).toContain('https://elsewhere.example/api');
    expect(error.message).toContain('SYSTEME_API_URL');
  });
});
