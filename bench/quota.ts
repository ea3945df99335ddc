import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRate } from '../src/config/units.js';
import { createSimulator } from '../src/sim/index.js';
import { runBench, stopChecked, type BenchScope } from './lib/bench-run.js';
import { fillQueue } from './lib/fill-queue.js';
import { CLI } from './lib/processes.js';

// The simulator's quota, which the workers are not told; how long each run lasts, and how much
// of it comes before the steady state that is measured.
const QUOTA = parseRate(process.env.BENCH_QUOTA ?? '200/10s');
const OTHER = Number(process.env.BENCH_QUOTA_OTHER ?? 0.05);
const SECONDS = Number(process.env.BENCH_QUOTA_SECONDS ?? 120);
const WARMUP = Number(process.env.BENCH_QUOTA_WARMUP ?? 60);
const EXPLICIT = process.env.BENCH_EXPLICIT_RATE ?? '15/1s';
const EXPLICIT_SECONDS = Number(process.env.BENCH_EXPLICIT_SECONDS ?? 30);
const EXPLICIT_WARMUP = Number(process.env.BENCH_EXPLICIT_WARMUP ?? 5);
const WORKERS = Number(process.env.BENCH_QUOTA_WORKERS ?? 2);
const API_KEY = 'bench-key';
const CALLS_PER_EVENT = 2;
const RULES = `rules:
  - name: welcome
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
`;

interface Request { status: number; at: string }
interface RunFigures { steadyCalls: number; steadySeconds: number; steady429: number; total429: number; total: number }

if (!QUOTA) throw new Error('BENCH_QUOTA must be N/window, such as 200/10s');
const explicitRate = parseRate(EXPLICIT);
if (!explicitRate) throw new Error('BENCH_EXPLICIT_RATE must be N/window, such as 15/1s');
const perSecond = (rate: { max: number; durationMs: number }) => rate.max / (rate.durationMs / 1000);

/**
 * Workers against a simulator quota for `seconds`, with a backlog they cannot finish; counts the
 * calls the simulator saw in whole seconds from `warmup` after the first call on (its log has
 * one-second resolution).
 */
async function run(scope: BenchScope, redisUrl: string, rulesFile: string, label: string, rate: string, seconds: number, warmup: number): Promise<RunFigures> {
  const events = Math.ceil((perSecond(QUOTA!) * seconds * 1.5) / CALLS_PER_EVENT) + 50;
  const first = 10_000;
  const sim = createSimulator({
    apiKey: API_KEY,
    rateLimit: QUOTA!,
    otherIntegrationShare: OTHER,
    seed: {
      tags: [{ id: 11, name: 'Customers' }],
      contacts: Array.from({ length: events }, (_, i) => ({ id: first + i, email: `c${i}@example.com`, fields: [], tags: [] })),
    },
  });
  const url = await sim.listen(0, '127.0.0.1');
  scope.defer(`simulator (${label})`, () => sim.close());
  const prefix = `bench-quota-${randomUUID().slice(0, 6)}`;
  await fillQueue(scope, redisUrl, prefix, events, 'CONTACT_CREATED', (i) => ({ contact: { id: first + i } }));
  const env = {
    REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: url, RULES_FILE: rulesFile,
    SYSTEME_RATE_LIMIT: rate, METRICS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', WORKER_CONCURRENCY: '10',
  };
  const workers = Array.from({ length: WORKERS }, (_, i) => scope.startNode(`work ${i + 1} (${label})`, CLI, ['work'], env));
  // The run starts once every worker is up (and handles SIGTERM): starting takes seconds on a busy machine.
  const startedBy = Date.now() + 120_000;
  while (!workers.every((worker) => worker.output().includes('worker started'))) {
    if (Date.now() > startedBy) throw new Error(`the workers did not start within 120 s:\n${workers.map((w) => w.output().slice(-1000)).join('\n')}`);
    await sleep(50);
  }
  await sleep(seconds * 1000);
  const endSecond = Math.floor(Date.now() / 1000);
  await Promise.all(workers.map((worker, i) => stopChecked(`work ${i + 1} (${label})`, worker)));
  const requests = (await (await fetch(`${url}/__sim/requests`)).json()) as Request[];
  await sim.close();
  const secondOf = requests.map((r) => Math.floor(Date.parse(r.at) / 1000));
  const [from, to] = secondOf.length === 0 ? [endSecond, endSecond] : steadySpan(secondOf, Math.min(...secondOf) + warmup, endSecond);
  const steady = requests.filter((_, i) => secondOf[i]! >= from && secondOf[i]! < to);
  return {
    steadyCalls: steady.filter((r) => r.status !== 429).length,
    steadySeconds: to - from,
    steady429: steady.filter((r) => r.status === 429).length,
    total429: requests.filter((r) => r.status === 429).length,
    total: requests.length,
  };
}

/**
 * The span measured, in whole seconds: from `from` (the warm-up counted from the first call) to
 * `end`, cut to whole quota windows when the calls come in bursts (a window's quota spent early,
 * then a pause till the next): from the first burst that starts after `from` to the start of the
 * last one, so that a burst cut by either edge does not count.
 */
function steadySpan(seconds: number[], from: number, end: number): [number, number] {
  const busy = new Set(seconds);
  const starts: number[] = [];
  for (let second = from; second < end; second++) if (busy.has(second) && !busy.has(second - 1)) starts.push(second);
  return starts.length >= 2 ? [starts[0]!, starts[starts.length - 1]!] : [from, end];
}

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const rulesFile = join(scope.tempDir('bench-quota-'), 'rules.yaml');
  writeFileSync(rulesFile, RULES);

  const learned = await run(scope, redisUrl, rulesFile, 'learned', '', SECONDS, WARMUP);
  const explicit = await run(scope, redisUrl, rulesFile, 'explicit', EXPLICIT, EXPLICIT_SECONDS, EXPLICIT_WARMUP);

  const quota = perSecond(QUOTA);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const rateOf = (figures: RunFigures) => (figures.steadySeconds > 0 ? figures.steadyCalls / figures.steadySeconds : 0);
  const learnedRate = rateOf(learned);
  const explicitAchieved = rateOf(explicit);
  console.log(`quota benchmark: the simulator allows ${QUOTA.max} calls per ${QUOTA.durationMs / 1000} s (${quota.toFixed(1)}/s), another integration spends ${pct(OTHER)} of it; ${WORKERS} worker processes, concurrency 10 each`);
  console.log(
    `unconfigured (learned, SYSTEME_RATE_MARGIN 10):  ${learnedRate.toFixed(1)} calls/s over ${learned.steadySeconds} s after the first ${WARMUP} s = ${pct(learnedRate / quota)} of the quota` +
      ` (${pct(learnedRate / quota + OTHER)} with the other integration's share; aim ≥ 90 %)   429 in steady state: ${learned.steady429}, over the run: ${learned.total429} of ${learned.total} calls`,
  );
  console.log(
    `explicit SYSTEME_RATE_LIMIT=${EXPLICIT} (${perSecond(explicitRate).toFixed(1)}/s):  ${explicitAchieved.toFixed(1)} calls/s over ${explicit.steadySeconds} s after the first ${EXPLICIT_WARMUP} s = ${pct(explicitAchieved / perSecond(explicitRate))} of the limit (aim ≥ 95 %)` +
      `   429 in steady state: ${explicit.steady429}, over the run: ${explicit.total429} of ${explicit.total} calls`,
  );
});
