import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPlugin, type AdminMount } from '../../src/http/admin-plugin.js';
import { captureLogger, type CapturedLogs } from '../helpers/log-capture.js';
import { SUITE_SECRETS } from '../helpers/secrets.js';

const TOKEN = 'admin-guard-token-0123456789abcdef';
const bearer = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** A page of another kind than the dashboard: the guard must hold for any mount under /admin. */
const historyLikeMount: AdminMount = async (app) => {
  app.get('/history', async () => ({ contact: 501, email: 'ann@example.com' }));
  app.post('/history/retry', async () => ({ retried: true }));
  app.get('/history/broken', async () => {
    throw new Error("ERR Error running script (call to f_1234): @user_script:42: WRONGTYPE Operation against a key holding the wrong kind of value");
  });
};

async function guardedApp(options: { maxFailures?: number } = {}): Promise<{ app: FastifyInstance; logs: CapturedLogs }> {
  const { logger, logs } = captureLogger('info');
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(adminPlugin({ token: TOKEN, mounts: [historyLikeMount], limiter: { maxFailures: options.maxFailures ?? 10, windowMs: 60_000 } }));
  await app.ready();
  return { app, logs };
}

describe('the admin guard, on any page under /admin', () => {
  let app: FastifyInstance;
  let logs: CapturedLogs;
  beforeAll(async () => {
    ({ app, logs } = await guardedApp());
  });
  afterAll(() => app.close());

  it('is a secret the log scan knows', () => {
    expect(SUITE_SECRETS).toContain(TOKEN);
  });

  it('refuses a token shorter than 24 characters', () => {
    expect(() => adminPlugin({ token: 'short-admin-token', mounts: [] })).toThrow(/at least 24 characters/);
    expect(() => adminPlugin({ token: 'x'.repeat(23), mounts: [] })).toThrow(/openssl rand -hex 32/);
  });

  it('needs the token on every page, and on unknown paths under the prefix too', async () => {
    for (const url of ['/admin/history', '/admin/nothing-here', '/admin']) {
      const refused = await app.inject({ url });
      expect(refused.statusCode, url).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Basic realm=/);
    }
    expect((await app.inject({ url: '/admin/history', headers: bearer() })).json()).toEqual({ contact: 501, email: 'ann@example.com' });
    expect((await app.inject({ url: '/admin/nothing-here', headers: bearer() })).statusCode).toBe(404);
    // Outside the prefix nothing changes.
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('sends no-store, a CSP and anti-framing headers on every answer, refusals included', async () => {
    for (const [url, headers] of [['/admin/history', bearer()], ['/admin/history', {}], ['/admin/nothing-here', bearer()]] as const) {
      const response = await app.inject({ url, headers });
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(String(response.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await app.inject({ url: '/healthz' })).headers['cache-control']).toBeUndefined();
  });

  it('refuses a state-changing request without a same-origin Origin or Sec-Fetch-Site, even with the token', async () => {
    const attempts: [string, Record<string, string>][] = [
      ['neither header (the request of the finding)', {}],
      ['a foreign Origin without Sec-Fetch-Site', { origin: 'https://evil.example' }],
      ['Origin: null', { origin: 'null' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
      ['Sec-Fetch-Site: cross-site with a matching Origin', { 'sec-fetch-site': 'cross-site', origin: 'https://hooks.example' }],
      ['Sec-Fetch-Site: none (typed in the address bar: never a POST from a page)', { 'sec-fetch-site': 'none' }],
    ];
    for (const [label, headers] of attempts) {
      const response = await app.inject({ method: 'POST', url: '/admin/history/retry', headers: { ...bearer(), host: 'hooks.example', ...headers } });
      expect(response.statusCode, label).toBe(403);
    }
    expect(logs.lines.some((line) => line.msg === 'admin action refused: not same-origin')).toBe(true);
    const fromPage = await app.inject({ method: 'POST', url: '/admin/history/retry', headers: { ...bearer(), ...SAME_ORIGIN } });
    expect(fromPage.json()).toEqual({ retried: true });
    const byOrigin = await app.inject({ method: 'POST', url: '/admin/history/retry', headers: { ...bearer(), host: 'hooks.example', origin: 'https://hooks.example' } });
    expect(byOrigin.statusCode).toBe(200);
    // Behind a proxy that rewrites Host, the browser's Sec-Fetch-Site still decides.
    const proxied = await app.inject({
      method: 'POST',
      url: '/admin/history/retry',
      headers: { ...bearer(), host: 'receiver:3000', origin: 'https://hooks.example', ...SAME_ORIGIN },
    });
    expect(proxied.statusCode).toBe(200);
  });

  it('does not parse text/plain bodies, the kind a cross-site form sends without a preflight', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/admin/history/retry',
      headers: { ...bearer(), ...SAME_ORIGIN, 'content-type': 'text/plain' },
      payload: '{"name":"x"}',
    });
    expect(response.statusCode).toBe(415);
  });

  it("answers a 5xx without the error's text (Redis's own words stay in the log)", async () => {
    const response = await app.inject({ url: '/admin/history/broken', headers: bearer() });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ERR |WRONGTYPE|user_script|f_1234/);
    expect(response.json()).toMatchObject({ error: 'Internal Server Error' });
    expect(logs.lines.some((line) => line.msg === 'admin request failed' && String((line.err as { message?: string }).message).includes('WRONGTYPE'))).toBe(true);
  });
});

describe('guessing the admin token', () => {
  it('is cut off after the failures allowed per address, logged, and the right token does not get through meanwhile', async () => {
    const { app, logs } = await guardedApp({ maxFailures: 10 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) {
        statuses.push((await app.inject({ url: '/admin/history', headers: bearer(`guess-${i}-${'x'.repeat(20)}`), remoteAddress: '203.0.113.7' })).statusCode);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
      const blocked = await app.inject({ url: '/admin/history', headers: bearer(), remoteAddress: '203.0.113.7' });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

      // Another address is not held back by the guesser.
      expect((await app.inject({ url: '/admin/history', headers: bearer(), remoteAddress: '198.51.100.2' })).statusCode).toBe(200);
      // A browser's first request, without credentials, is not a failed login.
      for (let i = 0; i < 20; i++) await app.inject({ url: '/admin/history', remoteAddress: '198.51.100.3' });
      expect((await app.inject({ url: '/admin/history', headers: bearer(), remoteAddress: '198.51.100.3' })).statusCode).toBe(200);

      const failed = logs.lines.filter((line) => line.msg === 'admin login failed');
      expect(failed).toHaveLength(10);
      expect(failed[0]).toMatchObject({ ip: '203.0.113.7', failures: 1, limit: 10 });
      expect(logs.lines.filter((line) => line.msg === 'admin logins from this address refused for a while: too many failures')).toHaveLength(1);
      expect(logs.text()).not.toContain('guess-');
    } finally {
      await app.close();
    }
  });
});
