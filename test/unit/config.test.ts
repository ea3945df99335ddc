import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'systeme-hooks' });
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(config.log.level).toBe('info');
    expect(config.webhook).toMatchObject({ bodyLimit: 1_048_576, dedupeTtlMs: 7 * 86_400_000, secrets: [] });
    expect(config.api).toMatchObject({ baseUrl: 'https://api.systeme.io', timeoutMs: 10_000, retries: 2 });
    expect(config.worker).toMatchObject({ rulesFile: './rules.yaml', concurrency: 10, attempts: 10, dryRun: false });
  });

  it('splits comma-separated secrets, current first, ignoring blanks', () => {
    const config = loadConfig({ SYSTEME_WEBHOOK_SECRET: ' new , old ,' }, ['secret']);
    expect(config.webhook.secrets).toEqual(['new', 'old']);
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

  it('puts no secret in the error message', () => {
    const problems = problemsOf(() => loadConfig({ SYSTEME_API_KEY: 'super-secret', MATON_API_KEY: 'm2', PORT: 'x' }, ['api']));
    expect(problems.join('\n')).not.toContain('super-secret');
  });
});
