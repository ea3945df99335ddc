import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { problemsOf } from '../helpers/config-problems.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      endpoint: { kind: 'url', url: 'redis://127.0.0.1:6379', password: undefined },
      prefix: 'systeme-hooks',
      ackReplicas: 0,
      ackTimeoutMs: 500,
    });
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(config.log.level).toBe('info');
    expect(config.webhook).toMatchObject({ bodyLimit: 1_048_576, dedupeTtlMs: 7 * 86_400_000, secrets: [] });
    expect(config.api).toMatchObject({ baseUrl: 'https://api.systeme.io', timeoutMs: 10_000, retries: 2 });
    expect(config.worker).toMatchObject({ rulesFile: './rules.yaml', concurrency: 10, attempts: 10, dryRun: false });
  });

  it('splits comma-separated secrets, current first, ignoring blanks', () => {
    const config = loadConfig({ SYSTEME_WEBHOOK_SECRET: ' new-secret-0123456789 , old-secret-0123456789 ,' }, ['secret']);
    expect(config.webhook.secrets).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
  });

  it('parses sizes and durations in their documented forms', () => {
    const config = loadConfig({ WEBHOOK_BODY_LIMIT: '512kb', DEDUPE_TTL: '12h', API_TIMEOUT: '2.5s', SYSTEME_RATE_LIMIT: '300/1m' });
    expect(config.webhook.bodyLimit).toBe(512_000);
    expect(config.webhook.dedupeTtlMs).toBe(12 * 3_600_000);
    expect(config.api.timeoutMs).toBe(2500);
    expect(config.api.rateLimit).toEqual({ max: 300, durationMs: 60_000 });
  });

  it('treats empty variables as unset (compose passes them through empty)', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).http.port).toBe(3000);
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf(() =>
      loadConfig(
        { PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud', DEDUPE_TTL: 'forever', WEBHOOK_BODY_LIMIT: '-1', DRY_RUN: 'maybe' },
        ['secret', 'api'],
      ),
    );
    expect(problems).toHaveLength(8);
    for (const name of ['PORT', 'REDIS_URL', 'LOG_LEVEL', 'DEDUPE_TTL', 'WEBHOOK_BODY_LIMIT', 'DRY_RUN', 'SYSTEME_WEBHOOK_SECRET']) {
      expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    }
    expect(problems.some((problem) => problem.includes('neither is set'))).toBe(true);
  });

  it('chooses the API mode from the key that is set, and refuses both', () => {
    expect(loadConfig({ SYSTEME_API_KEY: 'k' }, ['api']).api).toMatchObject({
      auth: { mode: 'direct', apiKey: 'k' },
      baseUrl: 'https://api.systeme.io',
    });
    expect(loadConfig({ MATON_API_KEY: 'm', MATON_CONNECTION: 'c1' }, ['api']).api).toMatchObject({
      auth: { mode: 'maton', apiKey: 'm', connection: 'c1' },
      baseUrl: 'https://gateway.maton.ai/systeme',
    });
    expect(loadConfig({ SYSTEME_API_KEY: 'k', SYSTEME_API_URL: 'http://127.0.0.1:4010' }).api.baseUrl).toBe('http://127.0.0.1:4010');
    expect(problemsOf(() => loadConfig({ SYSTEME_API_KEY: 'k', MATON_API_KEY: 'm' }, ['api']))[0]).toContain('both are set');
  });

  it('takes the API, Maton and public addresses only as http:// or https:// URLs', () => {
    for (const key of ['SYSTEME_API_URL', 'MATON_CTRL_URL', 'PUBLIC_URL']) {
      expect(problemsOf(() => loadConfig({ [key]: 'redis://127.0.0.1:6379' }))).toEqual([`${key}: expected an absolute http:// or https:// URL`]);
    }
  });

  it('takes REDIS_URL only as redis://, rediss:// or a unix socket path', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.example:6380/2' }).redis.url).toBe('rediss://:pw@cache.example:6380/2');
    expect(loadConfig({ REDIS_URL: '/run/redis/redis.sock' }).redis.url).toBe('/run/redis/redis.sock');
    expect(loadConfig({ REDIS_URL: '/run/redis/redis.sock?db=2' }).redis.url).toBe('/run/redis/redis.sock?db=2');
    // The finding: an http:// URL was accepted and looped on `connect ENOENT`.
    for (const wrong of ['http://127.0.0.1:6379', 'https://redis.example', 'localhost:6379', 'redis.example', '//host:6379', 'redis://', 'unix:relative.sock']) {
      const problems = problemsOf(() => loadConfig({ REDIS_URL: wrong }));
      expect(problems, wrong).toEqual(['REDIS_URL: expected redis://host:port, rediss://host:port (TLS) or the absolute path of a unix socket']);
    }
  });

  it('refuses webhook secrets shorter than 16 characters, saying how to make one, never showing it', () => {
    const problems = problemsOf(() => loadConfig({ SYSTEME_WEBHOOK_SECRET: 'a' }, ['secret']));
    expect(problems).toEqual(['SYSTEME_WEBHOOK_SECRET: the secret has 1 character, fewer than 16; make one with `openssl rand -hex 32`']);
    const rotation = problemsOf(() => loadConfig({ SYSTEME_WEBHOOK_SECRET: 'long-enough-secret-0123,tiny-old' }, ['secret']));
    expect(rotation).toEqual(['SYSTEME_WEBHOOK_SECRET: secret 2 of 2 has 8 characters, fewer than 16; make one with `openssl rand -hex 32`']);
    expect(rotation.join('\n')).not.toContain('tiny-old');
    expect(loadConfig({ SYSTEME_WEBHOOK_SECRET: 'x'.repeat(16) }, ['secret']).webhook.secrets).toEqual(['x'.repeat(16)]);
  });

  it('refuses an ADMIN_TOKEN shorter than 24 characters, never showing it', () => {
    const problems = problemsOf(() => loadConfig({ ADMIN_TOKEN: 'admin' }));
    expect(problems).toEqual(['ADMIN_TOKEN: needs at least 24 characters (it opens the queue dashboard); make one with `openssl rand -hex 32`']);
    expect(problemsOf(() => loadConfig({ ADMIN_TOKEN: 'y'.repeat(23) }))).toHaveLength(1);
    expect(loadConfig({ ADMIN_TOKEN: ` ${'y'.repeat(24)} ` }).adminToken).toBe('y'.repeat(24));
    expect(loadConfig({ ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
  });

  it('keeps the single-secret route off unless asked for', () => {
    expect(loadConfig({}).webhook.allowSingleSecretRoute).toBe(false);
    expect(loadConfig({ ALLOW_SINGLE_SECRET_ROUTE: 'true' }).webhook.allowSingleSecretRoute).toBe(true);
  });

  it('puts no secret in the error message', () => {
    const problems = problemsOf(() => loadConfig({ SYSTEME_API_KEY: 'super-secret', MATON_API_KEY: 'm2', PORT: 'x' }, ['api']));
    expect(problems.join('\n')).not.toContain('super-secret');
  });
});
