import type { RedisAddress, SentinelAddress } from './redis-fields.js';

export type { RedisAddress, SentinelAddress } from './redis-fields.js';

/**
 * Where the service finds Redis: one server by URL, the current master of a Sentinel
 * deployment (docs/high-availability.md), or a Redis Cluster (docs/scaling.md). Passwords travel here and never into a log line:
 * use `describeRedisEndpoint` for messages.
 */
export type RedisEndpoint =
  | { kind: 'url'; url: string; password?: string | undefined }
  | {
      kind: 'sentinel';
      sentinels: SentinelAddress[];
      /** The master's name in `sentinel monitor <name> …`. */
      name: string;
      password?: string | undefined;
      sentinelPassword?: string | undefined;
    }
  | {
      kind: 'cluster';
      /** Some of the cluster's nodes; the client asks them for the rest and for the slot map. */
      nodes: RedisAddress[];
      password?: string | undefined;
    };

/** A URL's password hidden: `redis://:secret@host:6379/0` → `redis://:***@host:6379/0`. A socket path loses its query. */
export function redactRedisUrl(url: string): string {
  // A unix socket path: its query string (`?password=…`) is left out.
  if (url.startsWith('/')) return url.split('?')[0] ?? url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(an unreadable REDIS_URL)';
  }
}

/** What an operator reads in a message: where Redis is, never a password. */
export function describeRedisEndpoint(endpoint: RedisEndpoint): string {
  if (endpoint.kind === 'url') return redactRedisUrl(endpoint.url);
  const list = (addresses: RedisAddress[]) => addresses.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');
  if (endpoint.kind === 'cluster') return `the Redis Cluster of nodes ${list(endpoint.nodes)}`;
  return `the master "${endpoint.name}" of sentinels ${list(endpoint.sentinels)}`;
}
