import type { RedisClient } from '../stores/redis-connections.js';
import { saleCancelledKey } from './sale-markers.js';

/**
 * Everything the intake does in Redis before it adds a job, in one script and so one round trip:
 * 1. the body binding (single-secret route): body digest → the event it was first accepted as;
 *    another event means a replay, the same event a redelivery left to the dedupe;
 * 2. a SALE_NEW whose order item was already cancelled is a replay;
 * 3. an authentic SALE_CANCELED marks its order item cancelled before its job is added, so the
 *    mark stays even if the add then fails.
 * Returns {'ok', ''} or {'body', earlier event} or {'cancelled', ''}.
 */
const CHECK = `
if ARGV[1] == '1' then
  local earlier = redis.call('GET', KEYS[1])
  if earlier and earlier ~= ARGV[2] then return {'body', earlier} end
  if not earlier then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
end
if ARGV[4] == 'check' and redis.call('EXISTS', KEYS[2]) == 1 then return {'cancelled', ''} end
if ARGV[4] == 'mark' then redis.call('SET', KEYS[2], '1', 'PX', ARGV[5]) end
return {'ok', ''}
`;

const COMMAND = 'systemeHooksIntakeCheck';

export interface IntakeCheck {
  event: string;
  /** Hex SHA-256 of the body, to bind to `event` (single-secret route). */
  bodyDigest?: string;
  /** How long a body binding is remembered, ms. */
  ttlMs: number;
  /** The sale's business key, and whether to check it is not cancelled (SALE_NEW) or to mark it so. */
  sale?: { businessKey: string; action: 'check' | 'mark' | 'none' };
}

export type IntakeCheckResult = { ok: true } | { ok: false; reason: string };

export interface IntakeChecks {
  run(check: IntakeCheck): Promise<IntakeCheckResult>;
}

type CheckCommand = (...args: (string | number)[]) => Promise<[string, string]>;

/** The intake's keys in Redis; the script is sent once (EVALSHA after), batched with other deliveries' commands by auto-pipelining. */
export function createRedisIntakeChecks(options: { redis: RedisClient; prefix: string; cancelledTtlMs: number }): IntakeChecks {
  const redis = options.redis as RedisClient & Record<typeof COMMAND, CheckCommand | undefined>;
  if (redis[COMMAND] === undefined) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: CHECK });
  const command = redis[COMMAND] as CheckCommand;
  const unused = `${options.prefix}:intake-check:unused`;
  return {
    async run(check) {
      const sale = check.sale;
      const [kind, detail] = await command.call(
        redis,
        check.bodyDigest === undefined ? unused : `${options.prefix}:body-event:${check.bodyDigest}`,
        sale ? saleCancelledKey(options.prefix, sale.businessKey) : unused,
        check.bodyDigest === undefined ? '0' : '1',
        check.event,
        Math.max(1, Math.round(check.ttlMs)),
        sale ? sale.action : '',
        Math.max(1, Math.round(options.cancelledTtlMs)),
      );
      if (kind === 'ok') return { ok: true };
      if (kind === 'body') return { ok: false, reason: `this body was already accepted as ${detail}` };
      return { ok: false, reason: `${sale?.businessKey ?? 'the sale'} was already cancelled` };
    },
  };
}
