import type { Redis } from 'ioredis';
import { saleCancelledKey } from './sale-markers.js';

/**
 * Everything the intake checks before it adds a job, in one script and so one round trip:
 * 1. the body binding (single-secret route): body digest → the event it was first accepted as;
 *    another event means a replay, the same event a redelivery left to the dedupe;
 * 2. a SALE_NEW whose order item was already cancelled is a replay;
 * 3. an authentic SALE_CANCELED marks its order item cancelled before its job is added, so the
 *    mark stays even if the add then fails.
 * Returns false when the delivery may be added, else {kind, detail}.
 */
const CHECK = `
if ARGV[1] == '1' then
  local earlier = redis.call('GET', KEYS[1])
  if earlier and earlier ~= ARGV[2] then return {'body', earlier} end
  if not earlier then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
end
if ARGV[4] == 'check' and redis.call('EXISTS', KEYS[2]) == 1 then return {'cancelled', ''} end
if ARGV[4] == 'mark' then redis.call('SET', KEYS[2], '1', 'PX', ARGV[5]) end
return false
`;

const COMMAND = 'systemeHooksIntakeCheck';

export interface IntakeCheck {
  event: string;
  /** Hex SHA-256 of the body, to bind to `event` for `bodyTtlMs` (single-secret route). */
  bodyDigest?: string;
  bodyTtlMs: number;
  /** The sale's business key, and whether to check it is not cancelled (SALE_NEW) or to mark it so. */
  sale?: { businessKey: string; action: 'check' | 'mark' };
}

export type IntakeCheckResult = { ok: true } | { ok: false; reason: string };

export interface IntakeChecks {
  run(check: IntakeCheck): Promise<IntakeCheckResult>;
}

type CheckCommand = (keys1: string, keys2: string, ...args: (string | number)[]) => Promise<[string, string] | null>;

/** Body digest and cancelled sale keys in Redis; the script is sent once (EVALSHA after). */
export function createRedisIntakeChecks(options: { redis: Redis; prefix: string; cancelledTtlMs: number }): IntakeChecks {
  const redis = options.redis as Redis & Record<typeof COMMAND, CheckCommand | undefined>;
  if (redis[COMMAND] === undefined) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: CHECK });
  const command = redis[COMMAND] as CheckCommand;
  return {
    async run(check) {
      const found = await command.call(
        redis,
        check.bodyDigest === undefined ? `${options.prefix}:body-event:none` : `${options.prefix}:body-event:${check.bodyDigest}`,
        check.sale ? saleCancelledKey(options.prefix, check.sale.businessKey) : `${options.prefix}:sale-canceled:none`,
        check.bodyDigest === undefined ? '0' : '1',
        check.event,
        Math.max(1, Math.round(check.bodyTtlMs)),
        check.sale?.action ?? '',
        Math.max(1, Math.round(options.cancelledTtlMs)),
      );
      if (found === null) return { ok: true };
      const [kind, detail] = found;
      if (kind === 'body') return { ok: false, reason: `this body was already accepted as ${detail}` };
      return { ok: false, reason: `${check.sale?.businessKey ?? 'the sale'} was already cancelled` };
    },
  };
}
