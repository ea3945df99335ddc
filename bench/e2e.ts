import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createEventQueue } from '../src/queue/event-queue.js';
import { createWorkerRedis } from '../src/stores/redis-connections.js';
import { contactCreatedDelivery, createSender, openLoop } from '../test/helpers/resilience-load.js';
import { startRedisBinary } from '../src/cli/demo/local-redis.js';
import { freePort } from '../src/cli/support/free-port.js';
import { runBench } from './lib/bench-run.js';
import { cpuSeconds, quantile, sampler, slopePerSecond, table } from './lib/e2e-measure.js';
import { CLI, peakRssMb, waitForHttp } from './lib/processes.js';

const SECRET = 'bench-e2e-secret-5f0c2a7d91';
const API_KEY = 'bench-e2e-key-b61d04e8';
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '10';
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 15);
const FAST_SECONDS = Number(process.env.BENCH_FAST_SECONDS ?? 10);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 8);
const STEPS = [300, 400, 500, 600, 700, 800, 1000, 1200, 1500, 2000];
/** Set: `serve` and `work` run with --cpu-prof and leave their profiles in this directory. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const RULES = 'rules:\n  - name: tag-new-contacts\n    on: CONTACT_CREATED\n    do:\n      - add_tag: { id: 11 }\n';

interface PhaseResult {
  label: string;
  rate: number;
  sent: number;
  sentPerSecond: number;
  accepted: number;
  handled: number;
  latencies: number[];
  /** Backlog (waiting + active + delayed) growth while sending, jobs/s. */
  slope: number;
  backlogEnd: number;
  drainMs: number;
}

// Every event needs a contact of its own so that each one is a real read and a real write.
const contactsNeeded = 300 + 200 * STEADY_SECONDS + 1000 * FAST_SECONDS + STEPS.reduce((sum, rate) => sum + rate * STEP_SECONDS, 0);
await runBench(process.env, async (scope) => {
  // Its own redis-server, whatever REDIS_URL says: its memory and CPU are part of the figures.
  const redis = await startRedisBinary();
  scope.defer('redis-server', () => redis.stop());
  const rulesFile = join(scope.tempDir('systeme-hooks-bench-e2e-'), 'rules.yaml');
  writeFileSync(rulesFile, RULES);
  const sim = scope.startNode('simulator', fileURLToPath(new URL('./lib/sim-child.js', import.meta.url)), [API_KEY, String(contactsNeeded)], {});
  const simUrl = await new Promise<string>((resolve, reject) => {
    sim.child.once('exit', () => reject(new Error(`the simulator exited: ${sim.output()}`)));
    createInterface({ input: sim.child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const prefix = `bench-e2e-${randomUUID().slice(0, 8)}`;
  const env = {
    REDIS_URL: redis.url, QUEUE_PREFIX: prefix, HOST: '127.0.0.1', LOG_LEVEL: 'info',
    SYSTEME_WEBHOOK_SECRET: SECRET, ALLOW_SINGLE_SECRET_ROUTE: 'true', SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: simUrl, RULES_FILE: rulesFile,
    SYSTEME_RATE_LIMIT: '1000000/1s', WORKER_CONCURRENCY: CONCURRENCY, METRICS_PORT: '0',
  };
  const servePort = await freePort();
  const profile = (name: string) => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []);
  const serve = scope.startNode('serve', CLI, ['serve'], { ...env, PORT: String(servePort) }, profile('serve'));
  const work = scope.startNode('work', CLI, ['work'], env, profile('work'));
  const serveUrl = `http://127.0.0.1:${servePort}`;
  // Reactions are done when the worker says so: its "event handled" line carries the time (ms).
  const handledAt = new Map<string, number>();
  createInterface({ input: work.child.stdout! }).on('line', (line) => {
    if (!line.includes('"event handled"')) return;
    const parsed = JSON.parse(line) as { messageId: string; time: number };
    handledAt.set(parsed.messageId, parsed.time);
  });
  const queueRedis = createWorkerRedis(redis.url);
  const queue = createEventQueue({ connection: queueRedis, prefix });
  scope.defer('queue', async () => {
    await queue.close();
    await queueRedis.quit();
  });
  const backlog = async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };
  const sender = createSender(512);
  scope.defer('load generator', () => sender.close());
  let nextContact = 1;

  async function phase(label: string, rate: number, seconds: number): Promise<PhaseResult> {
    const deliveries = Array.from({ length: rate * seconds }, () => contactCreatedDelivery(nextContact++, SECRET));
    const samples = sampler(backlog, 250);
    const outcomes = await openLoop(rate, seconds * 1000, (i) => sender.post(serveUrl, deliveries[i]!));
    const points = await samples.stop();
    const accepted = outcomes.filter((o) => o.status === 202);
    const drainStart = Date.now();
    while (Date.now() - drainStart < 90_000 && accepted.some((o) => !handledAt.has(o.delivery.messageId))) await sleep(100);
    const firstSent = Math.min(...outcomes.map((o) => o.sentAt));
    const lastSent = Math.max(...outcomes.map((o) => o.sentAt));
    return {
      label,
      rate,
      sent: outcomes.length,
      sentPerSecond: Math.round((outcomes.length - 1) / ((lastSent - firstSent) / 1000)),
      accepted: accepted.length,
      handled: accepted.filter((o) => handledAt.has(o.delivery.messageId)).length,
      latencies: accepted.filter((o) => handledAt.has(o.delivery.messageId)).map((o) => handledAt.get(o.delivery.messageId)! - o.answeredAt),
      // The first second is ramp-up: jobs in flight, not a backlog.
      slope: slopePerSecond(points.filter((p) => p.at - points[0]!.at >= 1000)),
      backlogEnd: points.at(-1)?.value ?? 0,
      drainMs: Date.now() - drainStart,
    };
  }

  const growing = (r: PhaseResult) => r.slope > Math.max(10, 0.05 * r.rate) && r.backlogEnd > r.rate * 0.5;

  await waitForHttp(`${serveUrl}/healthz`);
  await sleep(1000);
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  await phase('warm-up', 100, 3);
  const steady = [await phase('200/s', 200, STEADY_SECONDS), await phase('1000/s', 1000, FAST_SECONDS)];
  const steps: PhaseResult[] = [];
  for (const rate of STEPS) {
    const result = await phase(`${rate}/s`, rate, STEP_SECONDS);
    steps.push(result);
    if (growing(result)) break;
  }
  const sustained = steps.filter((r) => !growing(r)).at(-1);
  const firstGrowing = steps.find(growing);
  const ms = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '-');

  console.log(`\nsysteme-hooks end to end: receiver (serve) → Redis → worker (work) → simulated Systeme.io`);
  console.log(`${cpus().length} CPUs shared by all processes (1-min load average before the run: ${loadBefore.toFixed(2)}); WORKER_CONCURRENCY=${CONCURRENCY}; one rule: add_tag on CONTACT_CREATED (1 GET + 1 POST per event)`);
  console.log('latency = worker\'s "event handled" log time − time the 202 reached the sender (open loop, one delivery per contact)\n');
  console.log(
    table(
      ['steady rate', 'sent', 'sent/s', 'accepted', 'handled', 'p50 ms', 'p99 ms', 'max ms', 'backlog growth/s', 'drain ms'],
      steady.map((r) => [r.label, r.sent, r.sentPerSecond, r.accepted, r.handled, ms(quantile(r.latencies, 0.5)), ms(quantile(r.latencies, 0.99)), ms(Math.max(...r.latencies)), r.slope.toFixed(0), r.drainMs]),
    ),
  );
  console.log('\nstep-up (each step starts with an empty queue):');
  console.log(
    table(
      ['offered', 'sent/s', 'handled', 'p50 ms', 'p99 ms', 'backlog growth/s', 'backlog at end', 'verdict'],
      steps.map((r) => [r.label, r.sentPerSecond, r.handled, ms(quantile(r.latencies, 0.5)), ms(quantile(r.latencies, 0.99)), r.slope.toFixed(0), r.backlogEnd, growing(r) ? 'backlog grows' : 'keeps up']),
    ),
  );
  console.log(
    `\nmaximum sustained rate: ${sustained ? `${sustained.rate} deliveries/s` : `below ${STEPS[0]}/s`}${firstGrowing ? ` (at ${firstGrowing.rate}/s the backlog grew by ${firstGrowing.slope.toFixed(0)} jobs/s)` : ' (no step made the backlog grow)'}`,
  );
  const processes = [
    ['serve (receiver)', serve.child.pid],
    ['work (worker)', work.child.pid],
    ['redis-server', redis.child.pid],
    ['simulator', sim.child.pid],
    ['load generator (this process)', process.pid],
  ] as const;
  // CPU per event is the steady figure on a shared machine, where latencies follow the load.
  const events = handledAt.size;
  const perEvent = (pid: number | undefined) => {
    const seconds = pid === undefined ? undefined : cpuSeconds(pid);
    return seconds === undefined ? 'n/a' : ((seconds * 1000) / events).toFixed(3);
  };
  console.log(`\nmemory and CPU per process over the whole run (${events} events handled):`);
  console.log(
    table(
      ['process', 'peak RSS MB', 'CPU s', 'CPU ms per event'],
      processes.map(([name, pid]) => [name, peakRssMb(pid) ?? 'n/a', cpuSeconds(pid)?.toFixed(1) ?? 'n/a', perEvent(pid)]),
    ),
  );
  console.log(`\nrun time ${Math.round((Date.now() - started) / 1000)} s`);
});
