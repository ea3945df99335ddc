import { formatTimeline } from '../../history/format-timeline.js';
import { lookupHistory } from '../../history/lookup.js';
import { closeRedis } from '../../stores/close-redis.js';
import { createRedisHistory } from '../../stores/redis-history.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { connectRedis } from '../failed/redis-connect.js';
import { usageError } from '../support/usage-error.js';

export async function runHistory(io: CommandIo, query: string, options: { since?: number; event?: string; json?: boolean }): Promise<void> {
  const config = configFor(io);
  if (config.history.retentionMs === 0) throw new CliError('The history is off (HISTORY_RETENTION=0): nothing is recorded.');
  const redis = await connectRedis(config.redis.endpoint);
  try {
    const reader = createRedisHistory({ redis, prefix: config.redis.prefix, ...config.history });
    const result = await lookupHistory(reader, query, {
      ...(options.since ? { since: Date.now() - options.since } : {}),
      ...(options.event ? { event: options.event } : {}),
    });
    if (result.kind === 'invalid') throw usageError(result.message);
    if (result.kind === 'unknown') throw new CliError(result.message);
    if (options.json) printJson(io, result.timeline);
    else print(io, formatTimeline(result.timeline));
  } finally {
    await closeRedis(redis);
  }
}
