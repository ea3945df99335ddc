import { describe, expect, it } from 'vitest';
import { chooseRedisSource } from '../helpers/start-redis.js';

describe('the test Redis source', () => {
  it('takes REDIS_URL first', () => {
    expect(chooseRedisSource({ REDIS_URL: 'redis://127.0.0.1:6390' }, () => true)).toBe('env');
  });

  it('prefers redis-server from PATH to a Docker engine, which may not reach an image registry', () => {
    expect(chooseRedisSource({}, () => true)).toBe('binary');
  });

  it('falls back to testcontainers only without a binary', () => {
    expect(chooseRedisSource({}, () => false)).toBe('testcontainers');
  });

  it('obeys TEST_REDIS over everything', () => {
    expect(chooseRedisSource({ TEST_REDIS: 'testcontainers', REDIS_URL: 'redis://127.0.0.1:1' }, () => true)).toBe('testcontainers');
    expect(chooseRedisSource({ TEST_REDIS: 'binary' }, () => false)).toBe('binary');
  });

  it('refuses an unknown source by name', () => {
    expect(() => chooseRedisSource({ TEST_REDIS: 'docker' })).toThrow(/TEST_REDIS=docker .*binary.*testcontainers/);
  });
});
