import type { RedisClient } from '../../stores/redis-connections.js';
import { z } from 'zod';

const lastScanSchema = z.object({
  finishedAt: z.number(),
  entitlements: z.array(z.object({ name: z.string(), unpaid: z.number(), missing: z.number(), unproven: z.number() })),
  contacts: z.number(),
});

/** What the last scheduled scan found, kept in Redis for every replica's metrics. */
export type LastScan = z.output<typeof lastScanSchema>;

export interface LastScanStore {
  read(): Promise<LastScan | undefined>;
  write(scan: LastScan): Promise<void>;
}

export function createLastScanStore(options: { redis: RedisClient; prefix: string }): LastScanStore {
  const key = `${options.prefix}:reconcile:last-scan`;
  return {
    async read() {
      const text = await options.redis.get(key);
      if (text === null) return undefined;
      const parsed = lastScanSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    },
    async write(scan) {
      await options.redis.set(key, JSON.stringify(scan));
    },
  };
}
