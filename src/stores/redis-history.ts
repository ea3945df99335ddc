import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connections.js';
import { historyStepSchema, type HistoryStep } from '../history/history-entry.js';
import type { HistoryStore } from '../history/history-store.js';

// Newest first at the head; the cap trims the tail, then steps older than the retention are
// popped from the tail (steps start with `{"t":<ms>`). Both keys share the queue prefix, so a
// prefix in braces puts them in one Redis Cluster slot, as BullMQ's own keys.
const APPEND = `
local retention = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local cutoff = tonumber(ARGV[3]) - retention
for i = 5, #ARGV do redis.call('LPUSH', KEYS[1], ARGV[i]) end
redis.call('LTRIM', KEYS[1], 0, cap - 1)
for _ = 1, 100 do
  local last = redis.call('LINDEX', KEYS[1], -1)
  local t = last and tonumber(string.match(last, '^{"t":(%d+)'))
  if not t or t >= cutoff then break end
  redis.call('RPOP', KEYS[1])
end
redis.call('PEXPIRE', KEYS[1], retention)
if KEYS[2] then redis.call('SET', KEYS[2], ARGV[4], 'PX', retention) end
return 1
`;

const APPEND_SHA = createHash('sha1').update(APPEND).digest('hex');

export interface RedisHistoryOptions {
  redis: RedisClient;
  prefix: string;
  /** HISTORY_RETENTION, ms (> 0). */
  retentionMs: number;
  /** HISTORY_MAX_PER_CONTACT. */
  maxPerContact: number;
  /** Strings that must never be stored (API key, webhook secrets): replaced by `***` if they turn up in a message. */
  secrets?: readonly string[];
  now?: () => number;
}

/** Emails are personal data and any length: the index key holds a digest of the lower-cased address. */
const emailDigest = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

export const historyKeys = (prefix: string) => ({
  contact: (id: number) => `${prefix}:history:contact:${id}`,
  email: (email: string) => `${prefix}:history:email:${emailDigest(email)}`,
});

/** `t` first, so the append script can read it without decoding the JSON. */
function serialise(step: HistoryStep, secrets: readonly string[]): string {
  const { t, ...rest } = step;
  let text = JSON.stringify({ t, ...rest });
  for (const secret of secrets) if (text.includes(secret)) text = text.replaceAll(secret, '***');
  return text;
}

export function createRedisHistory(options: RedisHistoryOptions): HistoryStore {
  const keys = historyKeys(options.prefix);
  const now = options.now ?? Date.now;
  // Short strings could match ordinary text; real keys and secrets are long.
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  return {
    async append(contact, steps) {
      if (steps.length === 0) return;
      const email = contact.email?.trim();
      const keyList = email ? [keys.contact(contact.id), keys.email(email)] : [keys.contact(contact.id)];
      const args = [options.retentionMs, options.maxPerContact, now(), contact.id, ...steps.map((step) => serialise(step, secrets))];
      // By digest: the receiver appends on every delivery, and the script text is 700 bytes.
      try {
        await options.redis.evalsha(APPEND_SHA, keyList.length, ...keyList, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        await options.redis.eval(APPEND, keyList.length, ...keyList, ...args);
      }
    },
    async read(contactId) {
      const cutoff = now() - options.retentionMs;
      const raw = await options.redis.lrange(keys.contact(contactId), 0, -1);
      const steps: HistoryStep[] = [];
      for (const text of raw) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          continue;
        }
        const parsed = historyStepSchema.safeParse(value);
        if (parsed.success && parsed.data.t >= cutoff) steps.push(parsed.data);
      }
      // Stored newest first, and by several processes whose clocks differ a little.
      return steps.reverse().sort((a, b) => a.t - b.t);
    },
    async contactIdFor(email) {
      const id = await options.redis.get(keys.email(email));
      return id === null ? undefined : Number(id);
    },
  };
}
