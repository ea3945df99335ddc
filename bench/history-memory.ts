// Memory of the contact history in Redis: the demo's loop (rules.example.yaml against the
// simulator, through the receiver and a worker) for BENCH_BUYERS buyers, each with a sale and its
// refund; then the bytes Redis holds for the history keys, per 1,000 events and per step, next to
// the bytes of the queue's own keys (completed jobs, dedupe keys) for the same events.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../src/cli/demo/package-root.js';
import { memoryLogger } from '../src/cli/demo/memory-logger.js';
import { runCli } from '../src/cli/program.js';
import { startReceiverProcess } from '../src/cli/receiver-process.js';
import { startWorkerProcess } from '../src/cli/worker-process.js';
import { loadConfig } from '../src/config/load-config.js';
import { createSimulator, loadSeedFile } from '../src/sim/index.js';
import { createWorkerRedis } from '../src/stores/redis-connections.js';
import { startRedisBinary } from '../test/helpers/start-redis.js';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 200);
const API_KEY = 'bench-history-key';
const root = packageRoot(import.meta.url);

const redisServer = await startRedisBinary();
const redis = createWorkerRedis(redisServer.url);
const sim = createSimulator({
  apiKey: API_KEY,
  seed: await loadSeedFile(join(root, 'examples/sim-seed.json')),
  rateLimit: { max: 1_000_000_000, durationMs: 1000 },
  membershipDelayMs: 10,
  webhookRetryDelayMs: 200,
});
const simUrl = await sim.listen(0, '127.0.0.1');
const prefix = 'bench-history';
const env = {
  REDIS_URL: redisServer.url, QUEUE_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1',
  SYSTEME_WEBHOOK_SECRET: randomBytes(24).toString('hex'), SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl,
  SYSTEME_RATE_LIMIT: '100000/1s', RULES_FILE: join(root, 'rules.example.yaml'), METRICS_PORT: '0', LOG_LEVEL: 'warn',
};
const config = loadConfig(env, ['secret', 'api']);
const { logger } = memoryLogger('warn');
const worker = await startWorkerProcess({ config, logger, membershipSettleMs: 1000 });
const receiver = await startReceiverProcess({ config, logger });
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Bytes Redis reports for every key matching `pattern` (MEMORY USAGE, all samples). */
async function bytesOf(pattern: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      keys += 1;
      bytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    }
  } while (cursor !== '0');
  return { keys, bytes };
}

/** Steps of one kind in every contact's history. */
const count = async (kind: string) => {
  let total = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:history:contact:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of found) for (const step of await redis.lrange(key, 0, -1)) if (step.includes(`"kind":"${kind}"`)) total += 1;
  } while (cursor !== '0');
  return total;
};

try {
  const registered = await runCli(['webhook', 'register', '--url', `${receiver.address}/webhooks/systeme`, '--allow-http'], { env, stdout: sink, stderr: sink });
  if (registered !== 0) throw new Error('webhook register failed');
  const post = async (path: string, body: unknown) =>
    (await (await fetch(`${simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { subscriptionId: number };
  const started = Date.now();
  const sales = [];
  for (let i = 0; i < BUYERS; i++) sales.push(await post('/__sim/sales', { email: `buyer${i}@example.com`, pricePlanId: 3456, courseId: 680647 }));
  // Done when the queue is empty, every job has its last step recorded, and that holds for a while.
  const settled = async () => {
    const counts = await redis.multi().llen(`${prefix}:events:wait`).zcard(`${prefix}:events:active`).zcard(`${prefix}:events:delayed`)
      .zcard(`${prefix}:events:completed`).zcard(`${prefix}:events:failed`).exec();
    const [wait, active, delayed, completed, failed] = (counts ?? []).map(([, value]) => Number(value));
    return { pending: wait! + active! + delayed!, finished: completed! + failed! };
  };
  const waitUntilSettled = async () => {
    let calm = 0;
    while (calm < 4) {
      const { pending, finished } = await settled();
      const recorded = await count('attempt');
      calm = pending === 0 && finished > 0 && recorded === finished ? calm + 1 : 0;
      if (Date.now() - started > 600_000) throw new Error(`not settled after 10 minutes: ${pending} pending, ${recorded} of ${finished} recorded`);
      await sleep(750);
    }
  };
  await waitUntilSettled();
  for (const sale of sales) await post('/__sim/cancellations', { subscriptionId: sale.subscriptionId });
  await waitUntilSettled();
  const events = await count('delivery');
  const history = await bytesOf(`${prefix}:history:*`);
  const steps = (await redis.eval(`local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('LLEN', k) end return n`, 0, `${prefix}:history:contact:*`)) as number;
  const queue = await bytesOf(`${prefix}:events:*`);
  const perThousand = (bytes: number) => ((bytes / events) * 1000 / 1_048_576).toFixed(2);
  console.log(`history memory: ${BUYERS} buyers × (sale + refund) through rules.example.yaml = ${events} events (contact created, sale, two tags added, refund), ${steps} steps, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`history keys (${history.keys}):        ${(history.bytes / 1_048_576).toFixed(2)} MiB = ${perThousand(history.bytes)} MiB per 1,000 events, ${Math.round(history.bytes / steps)} bytes per step, ${(steps / events).toFixed(1)} steps per event`);
  console.log(`queue keys, same events (${queue.keys}): ${(queue.bytes / 1_048_576).toFixed(2)} MiB = ${perThousand(queue.bytes)} MiB per 1,000 events (completed jobs kept 24 h, dedupe keys)`);
  console.log(`ratio history / queue: ${(history.bytes / queue.bytes).toFixed(2)}`);
} finally {
  await receiver.close();
  await worker.close();
  await sim.close();
  redis.disconnect();
  await redisServer.stop();
}
