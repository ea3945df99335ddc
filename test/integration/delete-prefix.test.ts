import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../../src/stores/delete-prefix.js';
import { redisClient, uniquePrefix } from '../helpers/redis.js';

describe('deleting the keys under a prefix (the demo in an operator\'s Redis, the tests)', () => {
  const redis = redisClient();
  const prefix = uniquePrefix('delete-prefix');
  afterAll(async () => {
    await redis.del(`${prefix}2:kept`);
    redis.disconnect();
  });

  it('deletes the keys under `prefix:` only, and says how many', async () => {
    await redis.mset(`${prefix}:a`, '1', `${prefix}:events:b`, '2', `${prefix}2:kept`, '3');
    expect(await deletePrefix(redis, prefix)).toBe(2);
    expect(await redis.exists(`${prefix}:a`, `${prefix}:events:b`)).toBe(0);
    expect(await redis.get(`${prefix}2:kept`)).toBe('3');
  });

  it('refuses a prefix a SCAN pattern would read as a wildcard', async () => {
    await expect(deletePrefix(redis, 'demo-*')).rejects.toThrow('it holds a SCAN wildcard');
  });
});
