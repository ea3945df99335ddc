import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/config/logger.js';
import { describeRedisEndpoint } from '../../src/config/redis-endpoint.js';
import { problemsOf } from '../helpers/config-problems.js';

describe('Redis settings: Sentinel, passwords, replica acknowledgement', () => {
  it('uses the master named by the sentinels, with both passwords, instead of REDIS_URL', () => {
    const config = loadConfig({
      REDIS_SENTINELS: ' 10.0.0.5:26379, sentinel-b:26380 ,[fd00::7]:26381',
      REDIS_SENTINEL_NAME: 'hooks',
      REDIS_PASSWORD: 'data-password-123',
      REDIS_SENTINEL_PASSWORD: 'sentinel-password-456',
    });
    expect(config.redis.endpoint).toEqual({
      kind: 'sentinel',
      name: 'hooks',
      sentinels: [
        { host: '10.0.0.5', port: 26379 },
        { host: 'sentinel-b', port: 26380 },
        { host: 'fd00::7', port: 26381 },
      ],
      password: 'data-password-123',
      sentinelPassword: 'sentinel-password-456',
    });
    expect(describeRedisEndpoint(config.redis.endpoint)).toBe('the master "hooks" of sentinels 10.0.0.5:26379,sentinel-b:26380,[fd00::7]:26381');
  });

  it('applies REDIS_PASSWORD to REDIS_URL, and never shows a password in a description', () => {
    const config = loadConfig({ REDIS_URL: 'redis://:in-url-secret@cache:6379/1', REDIS_PASSWORD: 'data-password-123' });
    expect(config.redis.endpoint).toEqual({ kind: 'url', url: 'redis://:in-url-secret@cache:6379/1', password: 'data-password-123' });
    expect(describeRedisEndpoint(config.redis.endpoint)).toBe('redis://:***@cache:6379/1');
  });

  it('says what is wrong with the Sentinel settings, each with its variable', () => {
    expect(problemsOf(() => loadConfig({ REDIS_SENTINELS: '10.0.0.5', REDIS_SENTINEL_NAME: 'hooks' }))).toEqual([
      'REDIS_SENTINELS: "10.0.0.5" is not host:port; list the sentinels as host:port,host:port (e.g. 10.0.0.5:26379)',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_SENTINELS: '10.0.0.5:26379' }))).toEqual([
      'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS; set it to the master name of `sentinel monitor <name> …` (often mymaster)',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_SENTINELS: '10.0.0.5:26379', REDIS_SENTINEL_NAME: 'hooks', REDIS_URL: 'redis://cache:6379' }))).toEqual([
      'REDIS_URL / REDIS_SENTINELS: both are set; keep REDIS_SENTINELS (with REDIS_SENTINEL_NAME) for Sentinel, or REDIS_URL for one server',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_SENTINEL_NAME: 'hooks' }))).toEqual([
      'REDIS_SENTINEL_NAME: set without REDIS_SENTINELS; list the sentinels as host:port,host:port',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_SENTINELS: 'a:0', REDIS_SENTINEL_NAME: 'hooks' }))[0]).toContain('"a:0" is not host:port');
  });

  it('reads REDIS_ACK_REPLICAS and REDIS_ACK_TIMEOUT, refusing what cannot be waited for', () => {
    expect(loadConfig({ REDIS_ACK_REPLICAS: '1', REDIS_ACK_TIMEOUT: '2s' }).redis).toMatchObject({ ackReplicas: 1, ackTimeoutMs: 2000 });
    const problems = problemsOf(() => loadConfig({ REDIS_ACK_REPLICAS: '-1', REDIS_ACK_TIMEOUT: 'soon' }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['REDIS_ACK_REPLICAS', 'REDIS_ACK_TIMEOUT']);
  });

  it('keeps both passwords out of log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    const config = loadConfig({
      REDIS_SENTINELS: '10.0.0.5:26379',
      REDIS_SENTINEL_NAME: 'hooks',
      REDIS_PASSWORD: 'data-password-123',
      REDIS_SENTINEL_PASSWORD: 'sentinel-password-456',
    });
    const logger = createLogger({ level: 'info' }, sink);
    logger.info({ config }, 'configuration');
    logger.info({ endpoint: config.redis.endpoint }, 'redis');
    logger.info({ redis: config.redis.endpoint }, 'redis');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toMatch(/data-password-123|sentinel-password-456/);
  });

  it('reaches a Redis Cluster through REDIS_CLUSTER_NODES, with every key under one hash tag', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000, 10.0.0.6:7001', REDIS_PASSWORD: 'data-password-123', QUEUE_PREFIX: 'shop' });
    expect(config.redis.endpoint).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.5', port: 7000 },
        { host: '10.0.0.6', port: 7001 },
      ],
      password: 'data-password-123',
    });
    // Only the part in braces decides the slot: BullMQ's keys and ours share one.
    expect(config.redis.prefix).toBe('{shop}');
    expect(loadConfig({ QUEUE_PREFIX: 'shop' }).redis.prefix).toBe('shop');
    expect(describeRedisEndpoint(config.redis.endpoint)).toBe('the Redis Cluster of nodes 10.0.0.5:7000,10.0.0.6:7001');
  });

  it('refuses two ways to reach Redis at once, and cluster nodes that are not host:port', () => {
    expect(problemsOf(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_URL: 'redis://cache:6379' }))).toEqual([
      'REDIS_URL / REDIS_CLUSTER_NODES: both are set; keep REDIS_CLUSTER_NODES for a Redis Cluster, or REDIS_URL for one server',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_SENTINELS: '10.0.0.5:26379', REDIS_SENTINEL_NAME: 'hooks' }))).toEqual([
      'REDIS_CLUSTER_NODES / REDIS_SENTINELS: both are set; a Redis Cluster fails over by itself, keep REDIS_CLUSTER_NODES for it, or REDIS_SENTINELS for Sentinel',
    ]);
    expect(problemsOf(() => loadConfig({ REDIS_CLUSTER_NODES: 'node-a' }))).toEqual([
      'REDIS_CLUSTER_NODES: "node-a" is not host:port; list the cluster nodes as host:port,host:port (e.g. 10.0.0.5:7000)',
    ]);
  });
});
