import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/cli/demo/package-root.js';
import { createSimulator, type SeedData } from '../src/sim/index.js';
import { runBench, stopChecked, type BenchScope } from './lib/bench-run.js';
import { drain, fillQueue } from './lib/fill-queue.js';
import { CLI, peakRssMb } from './lib/processes.js';
import { FIVE_ON_ONE_CONTACT, WELCOME_RULES } from './lib/rule-sets.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const LIMITED_EVENTS = Number(process.env.BENCH_LIMITED_EVENTS ?? 150);
const MIX_EVENTS = Number(process.env.BENCH_MIX_EVENTS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const API_KEY = 'bench-key';

interface Sim { url: string; close(): Promise<void> }
interface Request { method: string; path: string; status: number; at: string }

async function startSim(scope: BenchScope, seed: SeedData, rateLimit?: { max: number; durationMs: number }): Promise<Sim> {
  const sim = createSimulator({ apiKey: API_KEY, seed, ...(rateLimit ? { rateLimit } : {}) });
  const url = await sim.listen(0, '127.0.0.1');
  scope.defer('simulator', () => sim.close());
  return { url, close: () => sim.close() };
}

const contactSeed = (contacts: number, first: number): SeedData => ({
  tags: [{ id: 10, name: 'Lead' }, { id: 11, name: 'Customers' }],
  contactFields: [{ fieldName: 'Customer since', slug: 'customer_since' }, { fieldName: 'Plan', slug: 'plan' }],
  courses: [{ id: 680647, name: 'Course', modules: [] }],
  communities: [{ id: 77, name: 'Members' }],
  contacts: Array.from({ length: contacts }, (_, i) => ({ id: first + i, email: `c${first + i}@example.com`, fields: [], tags: [{ id: 10, name: 'Lead' }] })),
});

const sale = (contactId: number, orderItemId: number) => ({
  customer: { id: 900, contactId, email: `c${contactId}@example.com` },
  order: { id: 555, createdAt: '2026-09-27T20:16:26+00:00', totalPrice: 4900 },
  orderItem: { id: orderItemId, resources: [{ course: { id: 680647, name: 'Course' } }] },
  pricePlan: { id: 3456, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur' },
});

const requestsOf = async (sim: Sim) => (await (await fetch(`${sim.url}/__sim/requests`)).json()) as Request[];

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const dir = scope.tempDir('bench-process-');
  const rulesFile = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const twoActions = rulesFile('rules.yaml', WELCOME_RULES);
  const workerEnv = (prefix: string, simUrl: string, rate: string, rules = twoActions) => ({
    REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl, RULES_FILE: rules,
    SYSTEME_RATE_LIMIT: rate, METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '10',
  });
  const created = (first: number) => (i: number) => ({ contact: { id: first + i } });

  // Baseline: a BullMQ worker that does nothing.
  const basePrefix = `bench-noop-${randomUUID().slice(0, 6)}`;
  const baseDone = await fillQueue(scope, redisUrl, basePrefix, EVENTS, 'CONTACT_CREATED', created(10_000));
  const noop = scope.startNode('noop worker', fileURLToPath(new URL('./noop-worker.js', import.meta.url)), [redisUrl, basePrefix, '10'], {});
  const baseSeconds = await drain(baseDone, EVENTS);
  await stopChecked('noop worker', noop);

  // The real worker, the simulator answering at once.
  const sim = await startSim(scope, contactSeed(EVENTS, 10_000));
  const prefix = `bench-work-${randomUUID().slice(0, 6)}`;
  const done = await fillQueue(scope, redisUrl, prefix, EVENTS, 'CONTACT_CREATED', created(10_000));
  const worker = scope.startNode('work', CLI, ['work'], workerEnv(prefix, sim.url, '100000/1s'));
  const seconds = await drain(done, EVENTS);
  const workerRss = peakRssMb(worker.child.pid);
  await stopChecked('work', worker);
  const calls = (await requestsOf(sim)).length;
  await sim.close();

  // API calls per event against the calls strictly needed: each write, one lookup per tag name,
  // and one read of each thing an action checks before writing (the contact; the enrollments in
  // a course; the memberships of a community).
  const mixes = [
    { label: 'example rules, SALE_NEW (5 actions)', rules: readFileSync(join(packageRoot(import.meta.url), 'rules.example.yaml'), 'utf8'), readsPerEvent: 3, tagNames: 2 },
    { label: 'five actions on one contact', rules: FIVE_ON_ONE_CONTACT, readsPerEvent: 1, tagNames: 1 },
  ];
  const mixLines: string[] = [];
  for (const [n, mix] of mixes.entries()) {
    const first = 20_000 + n * 100_000;
    const mixSim = await startSim(scope, contactSeed(MIX_EVENTS, first));
    const mixPrefix = `bench-mix-${randomUUID().slice(0, 6)}`;
    const mixDone = await fillQueue(scope, redisUrl, mixPrefix, MIX_EVENTS, 'SALE_NEW', (i) => sale(first + i, first + i));
    const mixWorker = scope.startNode(`work (${mix.label})`, CLI, ['work'], workerEnv(mixPrefix, mixSim.url, '100000/1s', rulesFile(`mix-${n}.yaml`, mix.rules)));
    await drain(mixDone, MIX_EVENTS);
    await stopChecked(`work (${mix.label})`, mixWorker);
    const requests = await requestsOf(mixSim);
    await mixSim.close();
    const writes = requests.filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300).length;
    const needed = writes + mix.tagNames + mix.readsPerEvent * MIX_EVENTS;
    const per = (count: number) => (count / MIX_EVENTS).toFixed(2).padStart(6);
    mixLines.push(
      `${mix.label.padEnd(38)} ${per(requests.length)} calls/event   ${per(writes)} writes/event   ${per(needed)} needed/event   ratio ${(requests.length / needed).toFixed(3)} (aim ≤ 1.1)   errors ${requests.filter((r) => r.status >= 400).length}`,
    );
  }

  // Rate-limited: the simulator allows RATE requests a second, and so does the worker's shared limiter.
  const limitedSim = await startSim(scope, contactSeed(LIMITED_EVENTS, 10_000), { max: RATE, durationMs: 1000 });
  const limitedPrefix = `bench-limited-${randomUUID().slice(0, 6)}`;
  const limitedDone = await fillQueue(scope, redisUrl, limitedPrefix, LIMITED_EVENTS, 'CONTACT_CREATED', created(10_000));
  const limited = scope.startNode('rate-limited work', CLI, ['work'], workerEnv(limitedPrefix, limitedSim.url, `${RATE}/1s`));
  await drain(limitedDone, LIMITED_EVENTS);
  await stopChecked('rate-limited work', limited);
  const requests = await requestsOf(limitedSim);
  await limitedSim.close();
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  const spanSeconds = (times[times.length - 1]! - times[0]!) / 1000;
  const achieved = (requests.length - 1) / spanSeconds;

  const rate = (n: number, s: number) => (n / s).toFixed(0);
  console.log(`process benchmark: ${EVENTS} CONTACT_CREATED events, rule with two actions (add_tag by id, enroll), concurrency 10`);
  console.log(`noop BullMQ worker (baseline)   ${rate(EVENTS, baseSeconds).padStart(6)} events/s`);
  console.log(`systeme-hooks work              ${rate(EVENTS, seconds).padStart(6)} events/s   ${(calls / EVENTS).toFixed(2)} API calls/event (2 actions × read + write = 4)   peak RSS ${workerRss ?? 'n/a'} MB`);
  console.log(`throughput ratio (work / noop): ${(baseSeconds / seconds).toFixed(2)}`);
  console.log(`API calls per event, ${MIX_EVENTS} SALE_NEW events of distinct contacts (needed: writes + one lookup per tag name + one read per thing checked):`);
  for (const line of mixLines) console.log(`  ${line}`);
  console.log(`rate-limited to R=${RATE} req/s: ${LIMITED_EVENTS} events, ${requests.length} calls, achieved ${achieved.toFixed(1)} req/s = ${((achieved / RATE) * 100).toFixed(0)}% of R, 429 answers: ${requests.filter((r) => r.status === 429).length}`);
});
