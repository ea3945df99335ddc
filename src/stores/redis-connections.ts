import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisEndpoint } from '../config/redis-endpoint.js';

/** A Redis URL (tests, benches, the demo) or the configured endpoint (`config.redis.endpoint`). */
export type RedisTarget = string | RedisEndpoint;

/** A connection to one server (URL or Sentinel) or to a Redis Cluster; BullMQ takes either. */
export type RedisClient = Redis | Cluster;

/** What a caller may set for a connection; the cluster's own options are derived from them. */
export type ConnectionOptions = RedisOptions & { clusterRetryStrategy?: ClusterOptions['clusterRetryStrategy'] };

const reconnect = (attempt: number) => Math.min(attempt * 200, 2000);

/**
 * A Redis Cluster client. The per-node settings (password, retries per command, timeouts) go to
 * every node's connection; the offline queue, auto-pipelining and retry strategy are the
 * cluster's own. Commands go to the masters (our keys share one hash tag, so one master).
 */
function connectToCluster(endpoint: Extract<RedisEndpoint, { kind: 'cluster' }>, options: ConnectionOptions): Cluster {
  const { enableOfflineQueue, enableAutoPipelining, retryStrategy, clusterRetryStrategy, lazyConnect, sentinelRetryStrategy: _unused, ...node } = options;
  void _unused;
  return new Cluster(endpoint.nodes, {
    redisOptions: { ...(endpoint.password === undefined ? {} : { password: endpoint.password }), ...node },
    clusterRetryStrategy: clusterRetryStrategy ?? retryStrategy ?? reconnect,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    // A failover moves slots: ask again soon instead of failing the command.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  });
}

/**
 * One connection to `target`. With Sentinel, ioredis asks the sentinels for the current master
 * at every (re)connect, so a failover is followed without a restart (the old master closes its
 * connections when it is demoted, or is gone); a node that turns out to be a replica is dropped
 * and the master asked again. ioredis' `failoverDetector` stays off: its `+switch-master`
 * message, arriving while a connection is already reconnecting, ends that connection for good.
 * With a cluster, ioredis follows the slot map and its redirections.
 */
export function connectTo(target: string, options: ConnectionOptions): Redis;
export function connectTo(target: RedisTarget, options: ConnectionOptions): RedisClient;
export function connectTo(target: RedisTarget, options: ConnectionOptions): RedisClient {
  if (typeof target === 'string') return new Redis(target, options);
  if (target.kind === 'cluster') return connectToCluster(target, options);
  const password = target.password === undefined ? {} : { password: target.password };
  if (target.kind === 'url') return new Redis(target.url, { ...password, ...options });
  return new Redis({
    sentinels: target.sentinels,
    name: target.name,
    ...password,
    ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
    // Ask the sentinels again quickly while they elect a new master, forever.
    sentinelRetryStrategy: reconnect,
    ...options,
  });
}

/**
 * A connection for producers (the receiver): commands fail at once while Redis is away, so
 * a delivery is answered 503 instead of waiting (BullMQ's production guide: fail-fast producers).
 */
export function createProducerRedis(target: string, options?: ConnectionOptions): Redis;
export function createProducerRedis(target: RedisTarget, options?: ConnectionOptions): RedisClient;
export function createProducerRedis(target: RedisTarget, options: ConnectionOptions = {}): RedisClient {
  return connectTo(target, {
    enableOfflineQueue: false,
    // No auto-pipelining: the intake batches the deliveries of one event-loop turn into one command
    // itself (src/queue/intake-writes.ts); queuing each command for the next turn only cost CPU.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: reconnect,
    ...options,
  });
}

/** A connection for workers and blocking commands: waits for Redis forever (BullMQ requires null retries). */
export function createWorkerRedis(target: string, options?: ConnectionOptions): Redis;
export function createWorkerRedis(target: RedisTarget, options?: ConnectionOptions): RedisClient;
export function createWorkerRedis(target: RedisTarget, options: ConnectionOptions = {}): RedisClient {
  return connectTo(target, {
    maxRetriesPerRequest: null,
    retryStrategy: reconnect,
    ...options,
  });
}
