import { describe, expect, it } from 'vitest';
import { loginRefused, passwordAdvice, redisErrorLog } from '../../src/cli/support/redis-advice.js';

describe('advice on a Redis that refuses the login', () => {
  it('knows a refused login from the other connection errors', () => {
    expect(loginRefused(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toBe(true);
    expect(loginRefused(new Error('NOAUTH Authentication required.'))).toBe(true);
    expect(loginRefused(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(false);
  });

  it('names the setting that holds the password for each kind of endpoint', () => {
    expect(passwordAdvice({ kind: 'url', url: 'redis://127.0.0.1:6379' })).toBe('set REDIS_PASSWORD (or the password in REDIS_URL) to the password Redis requires');
    expect(passwordAdvice({ kind: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }] })).toBe('set REDIS_PASSWORD to the password Redis requires');
    expect(passwordAdvice({ kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port: 26379 }], name: 'mymaster' })).toMatch(/REDIS_PASSWORD .*REDIS_SENTINEL_PASSWORD/);
  });

  it('adds a hint to the log line of a refused login and of an address where nothing answers', () => {
    const endpoint = { kind: 'url' as const, url: 'redis://127.0.0.1:6379' };
    expect(redisErrorLog(new Error('NOAUTH Authentication required.'), endpoint)).toEqual({
      err: { message: 'NOAUTH Authentication required.' },
      hint: 'Redis refused the login: set REDIS_PASSWORD (or the password in REDIS_URL) to the password Redis requires',
    });
    expect(redisErrorLog(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { kind: 'url', url: 'redis://:pw@127.0.0.1:6379' })).toEqual({
      err: { message: 'connect ECONNREFUSED 127.0.0.1:6379' },
      hint: 'nothing answers at redis://:***@127.0.0.1:6379: start Redis there, or set REDIS_URL to where it runs',
    });
    expect(redisErrorLog(new Error('MOVED 3999 127.0.0.1:6381'), endpoint)).toEqual({ err: { message: 'MOVED 3999 127.0.0.1:6381' } });
  });
});
