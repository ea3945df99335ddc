import type { RedisClient } from '../stores/redis-connections.js';
import { BULLMQ_ADD_KEYS, BULLMQ_ADD_LUA, type PreparedAdd } from './bullmq-add.js';
import { saleCancelledKey } from './sale-markers.js';

/**
 * Everything the intake writes for a delivery, in one script and so one round trip:
 * 1. the body binding (single-secret route): body digest → the event it was first accepted as;
 *    another event means a replay, the same event a redelivery left to the dedupe;
 * 2. a SALE_NEW whose order item was already cancelled is a replay;
 * 3. an authentic SALE_CANCELED marks its order item cancelled before its job is added, so the
 *    mark stays even if the add then fails;
 * 4. then, for a delivery that passed, BullMQ's own add script (src/queue/bullmq-add.ts): the
 *    dedupe key and the job, or the id of the job that holds the dedupe key already.
 * One call writes a batch of deliveries, in the order they arrived. KEYS: the queue's keys for
 * BullMQ's script, then two per delivery (body binding, cancelled mark). ARGV: the cancelled mark's
 * TTL and the body binding's, then six per delivery (has body, event, sale action, and BullMQ's
 * three arguments). Three items come back per delivery: 'added', '', the stored job id or BullMQ's
 * negative code; 'body', the earlier event, ''; 'cancelled', '', ''; or 'error', the message, ''
 * for a delivery whose own write failed (the others of the batch are not held back by it). Every
 * key shares the queue prefix, so on a Redis Cluster (a prefix in braces) one call touches one slot.
 */
const SCRIPT = `
local function bullmq_add(KEYS, ARGV)
${BULLMQ_ADD_LUA}
end
local function check(body_key, cancelled_key, has_body, event, sale)
  if has_body == '1' then
    local earlier = redis.call('GET', body_key)
    if earlier and earlier ~= event then return 'body', earlier end
    if not earlier then redis.call('SET', body_key, event, 'PX', ARGV[2]) end
  end
  if sale == 'check' and redis.call('EXISTS', cancelled_key) == 1 then return 'cancelled', '' end
  if sale == 'mark' then redis.call('SET', cancelled_key, '1', 'PX', ARGV[1]) end
  return 'ok', ''
end
local function message(err)
  if type(err) == 'table' and err.err then return err.err end
  return tostring(err)
end
local queue_keys = {}
for i = 1, ${BULLMQ_ADD_KEYS} do queue_keys[i] = KEYS[i] end
local results = {}
for i = 0, (#ARGV - 2) / 6 - 1 do
  local k, a = ${BULLMQ_ADD_KEYS} + i * 2, 2 + i * 6
  local ok, kind, detail = pcall(check, KEYS[k + 1], KEYS[k + 2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3])
  local added = ''
  if not ok then
    kind, detail = 'error', message(kind)
  elseif kind == 'ok' then
    ok, added = pcall(bullmq_add, queue_keys, { ARGV[a + 4], ARGV[a + 5], ARGV[a + 6] })
    if ok then kind = 'added' else kind, detail, added = 'error', message(added), '' end
  end
  results[#results + 1] = kind
  results[#results + 1] = detail
  results[#results + 1] = added
end
return results
`;

/** Most deliveries one script call writes; a larger turn is split over several calls. */
const BATCH_LIMIT = 256;

const COMMAND = 'systemeHooksIntakeWrite';

const ms = (value: number) => Math.max(1, Math.round(value));

export interface IntakeCheck {
  event: string;
  /** Hex SHA-256 of the body, to bind to `event` (single-secret route). */
  bodyDigest?: string;
  /** The sale's business key, and whether to check it is not cancelled (SALE_NEW) or to mark it so. */
  sale?: { businessKey: string; action: 'check' | 'mark' | 'none' };
}

/** A delivery refused by the checks (nothing of it added), or the id its job is stored under. */
export type IntakeWriteResult = { ok: true; storedId: string } | { ok: false; reason: string };

export interface IntakeWrites {
  /** Checks the delivery, then adds its job if the checks pass, in the same script call. */
  run(check: IntakeCheck, add: PreparedAdd): Promise<IntakeWriteResult>;
}

type WriteCommand = (...args: (string | number | Buffer)[]) => Promise<unknown[]>;

interface PendingWrite {
  check: IntakeCheck;
  add: PreparedAdd;
  resolve(result: IntakeWriteResult): void;
  reject(error: unknown): void;
}

/** One delivery's three items of the script's reply. */
function settle(item: PendingWrite, kind: unknown, detail: unknown, added: unknown): void {
  if (kind === 'added') {
    item.add.settle(added).then((storedId) => item.resolve({ ok: true, storedId }), item.reject);
  } else if (kind === 'body' && typeof detail === 'string') {
    item.resolve({ ok: false, reason: `this body was already accepted as ${detail}` });
  } else if (kind === 'cancelled') {
    item.resolve({ ok: false, reason: `${item.check.sale?.businessKey ?? 'the sale'} was already cancelled` });
  } else if (kind === 'error') {
    item.reject(new Error(`Redis refused the delivery's write: ${String(detail)}`));
  } else {
    item.reject(new Error(`the intake script answered ${String(kind)} for a delivery`));
  }
}

/**
 * The intake's writes to Redis. The deliveries handed over in one turn of the event loop go to
 * Redis together, as one call of the script (sent once, EVALSHA after): one command, one write and
 * one reply for the deliveries that arrived together, and each delivery waits for one round trip.
 * Each gets its own result. When the call fails as a whole, every delivery in it fails.
 */
export function createRedisIntakeWrites(options: {
  redis: RedisClient;
  prefix: string;
  cancelledTtlMs: number;
  /** How long a body binding is remembered, ms. */
  bodyTtlMs: number;
  /** Longest wait for a script call's reply, ms: past it, every delivery of the call fails. */
  timeoutMs: number;
}): IntakeWrites {
  const redis = options.redis as RedisClient & Record<typeof COMMAND, WriteCommand | undefined>;
  if (redis[COMMAND] === undefined) redis.defineCommand(COMMAND, { lua: SCRIPT });
  const command = redis[COMMAND] as WriteCommand;
  const unused = `${options.prefix}:intake-check:unused`;
  let pending: PendingWrite[] = [];

  function send(batch: PendingWrite[]): void {
    const queueKeys = batch[0]!.add.keys;
    const keys: string[] = [...queueKeys];
    const args: (string | number | Buffer)[] = [ms(options.cancelledTtlMs), ms(options.bodyTtlMs)];
    for (const { check, add } of batch) {
      const sale = check.sale;
      keys.push(
        check.bodyDigest === undefined ? unused : `${options.prefix}:body-event:${check.bodyDigest}`,
        sale ? saleCancelledKey(options.prefix, sale.businessKey) : unused,
      );
      args.push(check.bodyDigest === undefined ? '0' : '1', check.event, sale ? sale.action : '', ...add.args);
    }
    let call: Promise<unknown[]>;
    try {
      call = command.call(redis, keys.length, ...keys, ...args);
    } catch (error) {
      call = Promise.reject(error);
    }
    // A reply after the deadline settles nothing: each delivery's promise was already rejected.
    const timer = setTimeout(() => {
      const late = new Error(`no answer from Redis within ${options.timeoutMs} ms`);
      for (const item of batch) item.reject(late);
    }, options.timeoutMs);
    call.then(
      (replies) => {
        clearTimeout(timer);
        for (const [index, item] of batch.entries()) settle(item, replies[index * 3], replies[index * 3 + 1], replies[index * 3 + 2]);
      },
      (error: unknown) => {
        clearTimeout(timer);
        for (const item of batch) item.reject(error);
      },
    );
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    // One intake, one queue: every job of a batch shares the queue's keys.
    for (let start = 0; start < batch.length; start += BATCH_LIMIT) send(batch.slice(start, start + BATCH_LIMIT));
  }

  return {
    run(check, add) {
      return new Promise<IntakeWriteResult>((resolve, reject) => {
        pending.push({ check, add, resolve, reject });
        // After the I/O callbacks of this turn: the deliveries read in it share one call.
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };
}
