import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connections.js';

/**
 * Deletes every key under `prefix:` and resolves to how many went: on a cluster, each master's
 * keys. The prefix must hold nothing a SCAN pattern reads as a wildcard (`* ? [ ] \`), so that
 * only its own keys match.
 */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<number> {
  if (/[*?[\]\\]/.test(prefix)) throw new Error(`will not delete the keys under "${prefix}": it holds a SCAN wildcard (* ? [ ] \\)`);
  let deleted = 0;
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await node.unlink(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}
