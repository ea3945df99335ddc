import type { RedisClient } from '../stores/redis-connections.js';
import { saleCancelledKey } from './sale-markers.js';

/**
 * Everything the intake does in Redis before it adds a job, in one script and so one round trip:
 * 1. the body binding (single-secret route): body digest → the event it was first accepted as;
 *    another event means a replay, the same event a redelivery left to the dedupe;
 * 2. a SALE_NEW whose order item was already cancelled is a replay;
 * 3. an authentic SALE_CANCELED marks its order item cancelled before its job is added, so the
 *    mark stays even if the add then fails.
 * One call checks a batch of deliveries, in the order they arrived: two keys and four arguments
 * each (after ARGV[1], the cancelled mark's TTL). For each it returns two items: 'ok', '' or
 * 'body', earlier event or 'cancelled', ''. Every key shares the queue prefix, so on a Redis
 * Cluster (a prefix in braces) one call touches one slot.
 */
const CHECK = `
local function check(body_key, cancelled_key, has_body, event, ttl, sale)
  if has_body == '1' then
    local earlier = redis.call('GET', body_key)
    if earlier and earlier ~= event then return 'body', earlier end
    if not earlier then redis.call('SET', body_key, event, 'PX', ttl) end
  end
  if sale == 'check' and redis.call('EXISTS', cancelled_key) == 1 then return 'cancelled', '' end
  if sale == 'mark' then redis.call('SET', cancelled_key, '1', 'PX', ARGV[1]) end
  return 'ok', ''
end
local results = {}
for i = 0, #KEYS / 2 - 1 do
  local k, a = i * 2, i * 4 + 1
  local kind, detail = check(KEYS[k + 1], KEYS[k + 2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4])
  results[#results + 1] = kind
  results[#results + 1] = detail
end
return results
`;

/** Most deliveries one script call checks; a larger turn is split over several calls. */
const BATCH_LIMIT = 256;

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

type CheckCommand = (...args: (string | number)[]) => Promise<string[]>;

interface PendingCheck {
  check: IntakeCheck;
  resolve(result: IntakeCheckResult): void;
  reject(error: unknown): void;
}

/** One delivery's two items of the script's reply; undefined for anything else (a reply that lost items). */
function resultOf(check: IntakeCheck, kind: string | undefined, detail: string | undefined): IntakeCheckResult | undefined {
  if (kind === 'ok') return { ok: true };
  if (kind === 'body' && detail !== undefined) return { ok: false, reason: `this body was already accepted as ${detail}` };
  if (kind === 'cancelled') return { ok: false, reason: `${check.sale?.businessKey ?? 'the sale'} was already cancelled` };
  return undefined;
}

/**
 * The intake's keys in Redis. The checks asked for in one turn of the event loop go to Redis
 * together, as one call of the script (sent once, EVALSHA after): one command and one write for
 * the deliveries that arrived together instead of one each. Each delivery gets its own result;
 * when the call fails, every delivery in it fails (none of them is added: the adds wait for it).
 */
export function createRedisIntakeChecks(options: { redis: RedisClient; prefix: string; cancelledTtlMs: number }): IntakeChecks {
  const redis = options.redis as RedisClient & Record<typeof COMMAND, CheckCommand | undefined>;
  if (redis[COMMAND] === undefined) redis.defineCommand(COMMAND, { lua: CHECK });
  const command = redis[COMMAND] as CheckCommand;
  const unused = `${options.prefix}:intake-check:unused`;
  let pending: PendingCheck[] = [];

  function send(batch: PendingCheck[]): void {
    const keys: string[] = [];
    const args: (string | number)[] = [Math.max(1, Math.round(options.cancelledTtlMs))];
    for (const { check } of batch) {
      const sale = check.sale;
      keys.push(
        check.bodyDigest === undefined ? unused : `${options.prefix}:body-event:${check.bodyDigest}`,
        sale ? saleCancelledKey(options.prefix, sale.businessKey) : unused,
      );
      args.push(check.bodyDigest === undefined ? '0' : '1', check.event, Math.max(1, Math.round(check.ttlMs)), sale ? sale.action : '');
    }
    let call: Promise<string[]>;
    try {
      call = command.call(redis, keys.length, ...keys, ...args);
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      (replies) => {
        for (const [index, item] of batch.entries()) {
          const result = resultOf(item.check, replies[index * 2], replies[index * 2 + 1]);
          if (result) item.resolve(result);
          else item.reject(new Error(`the intake check script answered ${replies.length} items for ${batch.length} deliveries`));
        }
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    for (let start = 0; start < batch.length; start += BATCH_LIMIT) send(batch.slice(start, start + BATCH_LIMIT));
  }

  return {
    run(check) {
      return new Promise<IntakeCheckResult>((resolve, reject) => {
        pending.push({ check, resolve, reject });
        // After the I/O callbacks of this turn: the deliveries read in it share one call.
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };
}
