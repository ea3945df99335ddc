import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulator } from '../src/sim/index.js';
import { createEventQueue } from '../src/queue/event-queue.js';
import { createIntake } from '../src/queue/intake.js';
import { createProducerRedis } from '../src/stores/redis-connections.js';
import { runBench, stopChecked, type BenchScope } from './lib/bench-run.js';
import { CLI, peakRssMb } from './lib/processes.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const LIMITED_EVENTS = Number(process.env.BENCH_LIMITED_EVENTS ?? 150);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const API_KEY = 'bench-key';
const RULES = `rules:
  - name: welcome
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
      - enroll: { course: 680647 }
`;

interface Sim { url: string; close(): Promise<void> }
interface Request { method: string; status: number; at: string }

async function startSim(scope: BenchScope, contacts: number, rateLimit?: { max: number; durationMs: number }): Promise<Sim> {
  const sim = createSimulator({
    apiKey: API_KEY,
    seed: {
      tags: [{ id: 11, name: 'Customers' }],
      courses: [{ id: 680647, name: 'Course', modules: [] }],
      contacts: Array.from({ length: contacts }, (_, i) => ({ id: 10_000 + i, email: `c${i}@example.com`, fields: [], tags: [] })),
    },
    ...(rateLimit ? { rateLimit } : {}),
  });
  const url = await sim.listen(0, '127.0.0.1');
  scope.defer('simulator', () => sim.close());
  return { url, close: () => sim.close() };
}

async function fill(scope: BenchScope, redisUrl: string, prefix: string, count: number): Promise<() => Promise<number>> {
  const redis = createProducerRedis(redisUrl);
  const queue = createEventQueue({ connection: redis, prefix });
  scope.defer(`queue ${prefix}`, async () => {
    await queue.close();
    await redis.quit();
  });
  const intake = createIntake({ queue, redis, dedupeTtlMs: 3_600_000 });
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => {
        const id = randomUUID();
        const now = new Date().toISOString();
        return intake.enqueue(
          { event: 'CONTACT_CREATED', messageId: id, eventTimestamp: now, receivedAt: now, schemaVersion: '1', route: 'single', payload: { contact: { id: 10_000 + i + j } } },
          id,
        );
      }),
    );
  }
  return async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    return (counts.completed ?? 0) + (counts.failed ?? 0);
  };
}

async function drain(done: () => Promise<number>, count: number, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  while ((await done()) < count) {
    if (Date.now() - started > timeoutMs) throw new Error('events were not processed in time');
    await sleep(20);
  }
  return (Date.now() - started) / 1000;
}

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const rulesFile = join(scope.tempDir('bench-process-'), 'rules.yaml');
  writeFileSync(rulesFile, RULES);
  const workerEnv = (prefix: string, simUrl: string, rate: string) => ({
    REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl, RULES_FILE: rulesFile,
    SYSTEME_RATE_LIMIT: rate, METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '10',
  });

  // Baseline: a BullMQ worker that does nothing.
  const basePrefix = `bench-noop-${randomUUID().slice(0, 6)}`;
  const baseDone = await fill(scope, redisUrl, basePrefix, EVENTS);
  const noop = scope.startNode('noop worker', fileURLToPath(new URL('./noop-worker.js', import.meta.url)), [redisUrl, basePrefix, '10'], {});
  const baseSeconds = await drain(baseDone, EVENTS);
  await stopChecked('noop worker', noop);

  // The real worker, the simulator answering at once.
  const sim = await startSim(scope, EVENTS);
  const prefix = `bench-work-${randomUUID().slice(0, 6)}`;
  const done = await fill(scope, redisUrl, prefix, EVENTS);
  const worker = scope.startNode('work', CLI, ['work'], workerEnv(prefix, sim.url, '100000/1s'));
  const seconds = await drain(done, EVENTS);
  const workerRss = peakRssMb(worker.child.pid);
  await stopChecked('work', worker);
  const calls = ((await (await fetch(`${sim.url}/__sim/requests`)).json()) as Request[]).length;
  await sim.close();

  // Rate-limited: the simulator allows RATE requests a second, and so does the worker's shared limiter.
  const limitedSim = await startSim(scope, LIMITED_EVENTS, { max: RATE, durationMs: 1000 });
  const limitedPrefix = `bench-limited-${randomUUID().slice(0, 6)}`;
  const limitedDone = await fill(scope, redisUrl, limitedPrefix, LIMITED_EVENTS);
  const limited = scope.startNode('rate-limited work', CLI, ['work'], workerEnv(limitedPrefix, limitedSim.url, `${RATE}/1s`));
  await drain(limitedDone, LIMITED_EVENTS);
  await stopChecked('rate-limited work', limited);
  const requests = (await (await fetch(`${limitedSim.url}/__sim/requests`)).json()) as Request[];
  await limitedSim.close();
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  const spanSeconds = (times[times.length - 1]! - times[0]!) / 1000;
  const achieved = (requests.length - 1) / spanSeconds;

  const rate = (n: number, s: number) => (n / s).toFixed(0);
  console.log(`process benchmark: ${EVENTS} CONTACT_CREATED events, rule with two actions (add_tag by id, enroll), concurrency 10`);
  console.log(`noop BullMQ worker (baseline)   ${rate(EVENTS, baseSeconds).padStart(6)} events/s`);
  console.log(`systeme-hooks work              ${rate(EVENTS, seconds).padStart(6)} events/s   ${(calls / EVENTS).toFixed(2)} API calls/event (2 actions × read + write = 4)   peak RSS ${workerRss ?? 'n/a'} MB`);
  console.log(`throughput ratio (work / noop): ${(baseSeconds / seconds).toFixed(2)}`);
  console.log(`rate-limited to R=${RATE} req/s: ${LIMITED_EVENTS} events, ${requests.length} calls, achieved ${achieved.toFixed(1)} req/s = ${((achieved / RATE) * 100).toFixed(0)}% of R, 429 answers: ${requests.filter((r) => r.status === 429).length}`);
});
