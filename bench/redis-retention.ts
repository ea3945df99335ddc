// What Redis keeps per delivery once it is processed: signed CONTACT_CREATED and SALE_NEW
// deliveries at a steady rate through the receiver and a worker (in this process, as `start`
// composes them) against the simulator, then every key of the deployment's prefix grouped by
// what it is for, with its size (MEMORY USAGE) and remaining life (PTTL). Prints bytes per
// delivery per group, what outlives an hour (the long-term cost), and the Redis a sustained rate
// needs at steady state. docs/scaling.md#what-redis-keeps reads these figures.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { memoryLogger } from '../src/cli/demo/memory-logger.js';
import { startReceiverProcess } from '../src/cli/receiver-process.js';
import { deliveryHeaders } from '../src/cli/trigger/delivery.js';
import { samplePayload } from '../src/cli/trigger/sample-payload.js';
import { startWorkerProcess } from '../src/cli/worker-process.js';
import { loadConfig } from '../src/config/load-config.js';
import type { EventType } from '../src/events/event-types.js';
import { eventToKebab } from '../src/events/event-types.js';
import { phpJsonEncode } from '../src/events/php-json.js';
import { deriveEventSecret } from '../src/http/signature.js';
import { createSimulator } from '../src/sim/index.js';
import { createWorkerRedis } from '../src/stores/redis-connections.js';
import { createEventQueue } from '../src/queue/event-queue.js';
import { table } from './lib/e2e-measure.js';
import { runBench } from './lib/bench-run.js';

const CONTACTS = Number(process.env.BENCH_DELIVERIES ?? 2000);
const SALES = Number(process.env.BENCH_SALES ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const API_KEY = 'bench-retention-key';
const PREFIX = 'bench-retention';
const HOUR = 3_600_000;

const RULES = `rules:
  - name: tag-new-contacts
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
  - name: buyers
    on: SALE_NEW
    do:
      - add_tag: { id: 12 }
`;

/** What a key is for, from its name. */
const GROUPS: [string, RegExp][] = [
  ['dedupe', /:events:de:/],
  ['ledger of done actions', /:done:/],
  ['sale cancellation markers', /:sale-canceled:/],
  ['body → event (single-secret route)', /:body-event:/],
  ['contact history', /:history:/],
  // A job id: 22 characters, or a sale's 16-character message digest, a dot and 8 more.
  ['job hashes (bounded list of completed jobs)', /:events:([\w-]{22}|[\w-]{16}\.[\w-]{8})(:logs)?$/],
  ['queue structures', /:events:/],
];

interface Group {
  keys: number;
  bytes: number;
  /** Remaining lives of its keys, ms (-1: no expiry). */
  ttls: number[];
}

async function groupKeys(redis: Redis): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      const name = GROUPS.find(([, pattern]) => pattern.test(key))?.[0] ?? 'other';
      const group = groups.get(name) ?? { keys: 0, bytes: 0, ttls: [] };
      group.keys += 1;
      group.bytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      group.ttls.push(await redis.pttl(key));
      groups.set(name, group);
    }
  } while (cursor !== '0');
  return groups;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function life(ms: number): string {
  if (ms < 0) return 'no expiry';
  if (ms >= 86_400_000) return `${(ms / 86_400_000).toFixed(1)} d`;
  if (ms >= HOUR) return `${(ms / HOUR).toFixed(1)} h`;
  return `${Math.round(ms / 60_000)} min`;
}

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const contacts = Array.from({ length: CONTACTS + SALES }, (_, i) => ({ id: 10_000 + i, email: `c${i}@example.com`, fields: [], tags: [] }));
  const sim = createSimulator({
    apiKey: API_KEY,
    seed: { contacts, tags: [{ id: 11, name: 'New' }, { id: 12, name: 'Customers' }] },
    rateLimit: { max: 1_000_000_000, durationMs: 1000 },
  });
  const simUrl = await sim.listen(0, '127.0.0.1');
  scope.defer('simulator', () => sim.close());
  const secret = randomBytes(24).toString('hex');
  const rulesFile = join(scope.tempDir('retention-'), 'rules.yaml');
  writeFileSync(rulesFile, RULES);
  const config = loadConfig(
    {
      REDIS_URL: redisUrl, QUEUE_PREFIX: PREFIX, PORT: '0', HOST: '127.0.0.1', SYSTEME_WEBHOOK_SECRET: secret,
      SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl, SYSTEME_RATE_LIMIT: '100000/1s', RULES_FILE: rulesFile,
      METRICS_PORT: '0', LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '20',
    },
    ['secret', 'api'],
  );
  const { logger } = memoryLogger('warn');
  const worker = await startWorkerProcess({ config, logger });
  scope.defer('worker', () => worker.close());
  const receiver = await startReceiverProcess({ config, logger });
  scope.defer('receiver', () => receiver.close());
  const redis = createWorkerRedis(redisUrl);
  scope.defer('redis client', async () => void (await redis.quit()));

  const post = async (event: EventType, contact: { id: number; email: string }) => {
    const body = Buffer.from(phpJsonEncode(samplePayload(event, { contact: contact.id, email: contact.email, now: new Date() })));
    const headers = deliveryHeaders({
      event, body, secret: deriveEventSecret(secret, event), messageId: randomUUID(), attemptId: randomUUID(), now: new Date(),
    });
    // Sent again on a 503, as Systeme.io does (a busy machine can keep Redis past the intake timeout).
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${receiver.address}/webhooks/systeme/${eventToKebab(event)}`, { method: 'POST', headers, body }).catch(
        (error: unknown) => ({ status: 0, text: async () => String(error) }),
      );
      if (response.status === 202 || response.status === 200) return;
      if ((response.status !== 503 && response.status !== 0) || attempt === 5) throw new Error(`${event} answered ${response.status}: ${await response.text()}`);
      await sleep(500 * attempt);
    }
  };
  const started = Date.now();
  const all = [
    ...contacts.slice(0, CONTACTS).map((contact) => () => post('CONTACT_CREATED', contact)),
    ...contacts.slice(CONTACTS).map((contact) => () => post('SALE_NEW', contact)),
  ];
  // At RATE per second, with at most 32 deliveries in flight (a slow machine slows the rate down).
  const sends = new Set<Promise<void>>();
  for (const [index, send] of all.entries()) {
    const wait = started + (index * 1000) / RATE - Date.now();
    if (wait > 1) await sleep(wait);
    if (sends.size >= 32) await Promise.race(sends);
    const sending: Promise<void> = send().finally(() => sends.delete(sending));
    sends.add(sending);
  }
  await Promise.all(sends);
  const queue = createEventQueue({ connection: redis, prefix: PREFIX });
  scope.defer('queue', () => queue.close());
  // Processed: every job completed (none may fail here).
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts.completed ?? 0) >= all.length) break;
    if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} jobs failed`);
    await sleep(200);
  }
  const seconds = (Date.now() - started) / 1000;
  const groups = await groupKeys(redis);
  const deliveries = all.length;
  const rows = [...groups.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([name, group]) => [name, group.keys, group.bytes, (group.bytes / deliveries).toFixed(1), life(median(group.ttls))]);
  console.log(`${deliveries} deliveries (${CONTACTS} CONTACT_CREATED, ${SALES} SALE_NEW) at ${RATE}/s, processed in ${seconds.toFixed(1)} s\n`);
  console.log(table(['keys for', 'keys', 'bytes', 'bytes / delivery', 'median life left'], rows));

  // What stays beyond an hour, apart from the bounded list of completed jobs and the history
  // (bounded by its own settings): the long-term cost of a delivery.
  const excluded = new Set(['job hashes (bounded list of completed jobs)', 'queue structures', 'contact history']);
  const longTerm = [...groups.entries()].filter(([name]) => !excluded.has(name));
  const keptBytes = (filter: (ttl: number) => boolean) =>
    longTerm.reduce((sum, [, group]) => sum + group.ttls.filter(filter).length * (group.bytes / group.keys), 0);
  const retained = keptBytes((ttl) => ttl < 0 || ttl > HOUR);
  // A delivery keeps one dedupe key for DEDUPE_TTL: a CONTACT_* its message id's, a sale its
  // order item's (whose job id also tells a redelivery from a replay).
  const dedupe = groups.get('dedupe');
  const perDedupeKey = dedupe ? dedupe.bytes / dedupe.keys : 0;
  console.log(`\nretained beyond an hour per delivery (this mix): ${(retained / deliveries).toFixed(1)} bytes`);
  console.log(`retained per CONTACT_* delivery: ${perDedupeKey.toFixed(1)} bytes (one dedupe key, for DEDUPE_TTL), nothing beyond DEDUPE_TTL`);
  if (SALES > 0) console.log(`retained per SALE_* delivery: ${perDedupeKey.toFixed(1)} bytes (its order item's dedupe key, for DEDUPE_TTL)`);
  const ledger = groups.get('ledger of done actions');
  if (ledger) {
    const perLedger = ledger.bytes / ledger.keys;
    console.log(
      `ledger of a completed delivery: ${perLedger.toFixed(1)} bytes, kept ${life(median(ledger.ttls))} ` +
        `(was kept FAILED_RETENTION + 1 d = 31 d: ${perLedger.toFixed(0)} bytes more per delivery over that time)`,
    );
  }
  const dedupeDays = config.webhook.dedupeTtlMs / 86_400_000;
  // Nothing a delivery left (beyond the bounded lists and the history) may outlive DEDUPE_TTL.
  const lives = longTerm.flatMap(([, group]) => group.ttls);
  const longest = Math.max(...lives);
  const forever = lives.filter((ttl) => ttl < 0).length;
  console.log(
    `longest remaining life of what a delivery left: ${life(longest)} (DEDUPE_TTL ${dedupeDays} d); keys without expiry: ${forever}` +
      (longest <= config.webhook.dedupeTtlMs && forever === 0 ? ', nothing outlives DEDUPE_TTL' : ', SOMETHING OUTLIVES DEDUPE_TTL'),
  );
  const steadyMb = (perDedupeKey * 86_400 * dedupeDays) / 1_048_576;
  console.log(`steady state at 1 CONTACT_* delivery/s: ${steadyMb.toFixed(0)} MB of dedupe keys (DEDUPE_TTL ${dedupeDays} d)`);
});
