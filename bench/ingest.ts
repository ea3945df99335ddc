import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from '../src/cli/support/free-port.js';
import { runBench } from './lib/bench-run.js';
import { deriveEventSecret } from '../src/http/signature.js';
import { combine, loadSales, type LoadFigures } from './lib/ingest-load.js';
import { CLI, cpuSeconds, peakRssMb, waitForHttp, type Child } from './lib/processes.js';

const SECRET = 'bench-secret-0123456789abcdef';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/**
 * Requests per second for every variant (BENCH_RATE); unset: each as fast as it answers. At one
 * rate, CPU per delivery compares the variants at the same batching: Redis round trips and
 * writes are shared by the deliveries that wait together, so they cost less per delivery the
 * busier a receiver is.
 */
const RATE = process.env.BENCH_RATE === undefined ? undefined : Number(process.env.BENCH_RATE);
/** A directory: `serve` runs with `--cpu-prof` and leaves its profile there (read it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** `serve`'s default route for SALE_NEW takes that event only, signed with its own secret derived from the master one. */
const SALE_NEW_SECRET = deriveEventSecret(SECRET, 'SALE_NEW');
const load = (target: { url: string; secret?: string }) =>
  loadSales(target.url, { connections: CONNECTIONS, durationS: DURATION, secret: target.secret ?? SECRET, ...(RATE === undefined ? {} : { overallRate: RATE }) });
const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));
/** BENCH_REDIS_COMMANDS=1: after each load, which Redis commands each delivery cost (INFO commandstats, reset before the load). */
const COMMAND_STATS = process.env.BENCH_REDIS_COMMANDS === '1';

/** `INFO commandstats` as calls and microseconds per delivery, the costliest first. */
function commandBreakdown(info: string, requests: number): string {
  const rows = [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)]
    .map(([, name, calls, usec]) => ({ name: name!, calls: Number(calls) / requests, usec: Number(usec) / requests }))
    .sort((a, b) => b.usec - a.usec);
  return rows.map((row) => `      ${row.name.padEnd(14)} ${row.calls.toFixed(2).padStart(6)} calls  ${row.usec.toFixed(1).padStart(6)} µs per delivery`).join('\n');
}

interface Variant { name: string; url: string; secret: string; child: Child; runs: LoadFigures[]; commands: number[]; cpuMs: number[]; redisCpuMs: number[] }

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const prefix = () => `bench-${randomUUID().slice(0, 8)}`;
  const start = async (name: string, file: string, args: (port: number) => string[], env: (port: number) => Record<string, string> = () => ({}), nodeArgs: string[] = [], route = { path: '/webhooks/systeme', secret: SECRET }) => {
    const port = await freePort();
    const child = scope.startNode(name, file, args(port), env(port), nodeArgs);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`);
    return { name, url: `http://127.0.0.1:${port}${route.path}`, secret: route.secret, child, runs: [], commands: [], cpuMs: [], redisCpuMs: [] } satisfies Variant;
  };
  const bare = await start('bare Fastify', script('./bare-server.js'), (port) => [String(port)]);
  // The same load on each: Fastify + HMAC + JSON.parse + queue.add, the hand-written Express one, and serve.
  const minimal = await start('minimal composition', script('./lib/minimal-receiver.js'), (port) => [String(port), redisUrl, SECRET, prefix()]);
  const express = await start('Express + BullMQ', script('./lib/express-receiver.js'), (port) => [String(port), redisUrl, SECRET, prefix()]);
  // Logs go to a pipe the bench drains, as they would to docker's log driver.
  const serveEnv = (single: boolean) => (port: number) => ({
    PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, SYSTEME_WEBHOOK_SECRET: SECRET,
    ALLOW_SINGLE_SECRET_ROUTE: String(single), LOG_LEVEL: 'info', QUEUE_PREFIX: prefix(),
  });
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  // As installed by default: one route per event, each with its own secret (docs/security.md).
  const serve = await start('systeme-hooks serve', CLI, () => ['serve'], serveEnv(false), profile, { path: '/webhooks/systeme/sale-new', secret: SALE_NEW_SECRET });
  // The single-secret route (ALLOW_SINGLE_SECRET_ROUTE): one secret for every event, as the
  // other receivers take them, which costs a body digest and the body's binding to its event.
  const single = await start('serve, single-secret route', CLI, () => ['serve'], serveEnv(true), profile);
  const stats = new Redis(redisUrl);
  scope.defer('Redis stats client', async () => void stats.disconnect());
  /** Commands Redis has run so far (INFO stats, those its scripts run included). */
  const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await stats.info('stats'))?.[1] ?? 0);
  /** Redis's own CPU time so far, ms (INFO cpu): the work a receiver makes Redis do, on the same cores. */
  const redisCpuMs = async () => {
    const info = await stats.info('cpu');
    const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  };

  await load(bare); // warm-up of the load generator
  const bareFigures = await load(bare);
  if (RATE !== undefined) console.log(`every variant at ${RATE} requests/s (BENCH_RATE)`);
  const variants: Variant[] = [minimal, express, serve, single];
  for (const variant of variants) await load(variant); // warm-up: JIT, Redis scripts loaded
  // Interleaved rounds in a rotating order, so a busy spell on the machine, or Redis growing
  // (nothing drains the queues), weighs on every variant alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length]!;
      if (COMMAND_STATS) await stats.config('RESETSTAT');
      const before = await commands();
      const redisBefore = await redisCpuMs();
      const cpuBefore = cpuSeconds(variant.child.child.pid) ?? 0;
      const figures = await load(variant);
      const cpuMs = (((cpuSeconds(variant.child.child.pid) ?? 0) - cpuBefore) * 1000) / figures.requests;
      const used = (await commands()) - before;
      const redisMs = ((await redisCpuMs()) - redisBefore) / figures.requests;
      variant.redisCpuMs.push(redisMs);
      variant.runs.push(figures);
      variant.commands.push(used / figures.requests);
      variant.cpuMs.push(cpuMs);
      console.log(`  round ${round + 1}, ${variant.name}: ${figures.rps.toFixed(0)} req/s, p99 ${figures.p99} ms, ` +
        `${cpuMs.toFixed(3)} ms of CPU, ${(used / figures.requests).toFixed(2)} Redis commands and ${redisMs.toFixed(3)} ms of Redis CPU per delivery`);
      if (COMMAND_STATS) console.log(commandBreakdown(await stats.info('commandstats'), figures.requests));
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rows = [{ name: 'bare Fastify 202 (no verify, no queue)', figures: bareFigures, rss: peakRssMb(bare.child.child.pid), commands: undefined as number | undefined, cpuMs: undefined as number | undefined, redisMs: undefined as number | undefined },
    ...variants.map((v) => ({ name: `${v.name} (mean of ${ROUNDS})`, figures: combine(v.runs), rss: peakRssMb(v.child.child.pid), commands: mean(v.commands), cpuMs: mean(v.cpuMs), redisMs: mean(v.redisCpuMs) }))];
  console.log(`ingest benchmark: ${CONNECTIONS} connections, ${DURATION} s each, ${RATE === undefined ? 'as fast as answered' : `${RATE} requests/s`}, distinct signed ~1 KB SALE_NEW deliveries`);
  for (const { name, figures: f, rss, commands: c, cpuMs, redisMs } of rows) {
    console.log(`${name.padEnd(40)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  ` +
      `peak RSS ${String(rss ?? 'n/a').padStart(4)} MB  non-2xx ${f.non2xx}  errors ${f.errors}` +
      `${cpuMs === undefined ? '' : `  CPU ${cpuMs.toFixed(3)} ms/delivery`}${c === undefined ? '' : `  Redis commands/delivery ${c.toFixed(2)}`}${redisMs === undefined ? '' : `  Redis CPU ${redisMs.toFixed(3)} ms/delivery`}`);
  }
  const s = combine(serve.runs);
  const one = combine(single.runs);
  const m = combine(minimal.runs);
  const e = combine(express.runs);
  console.log(`throughput ratio (serve / minimal composition): ${(s.rps / m.rps).toFixed(2)} (aim ≥ 1.0)`);
  console.log(`p99 serve / minimal composition: ${s.p99} / ${m.p99} ms (aim: serve ≤ minimal)`);
  console.log(`throughput ratio (serve / Express + BullMQ): ${(s.rps / e.rps).toFixed(2)} (aim ≥ 1.5)`);
  console.log(`throughput ratio (serve / bare): ${(s.rps / bareFigures.rps).toFixed(2)}`);
  console.log(`single-secret route / minimal composition: throughput ${(one.rps / m.rps).toFixed(2)}, p99 ${one.p99} / ${m.p99} ms, ` +
    `CPU per delivery ${(mean(single.cpuMs) / mean(minimal.cpuMs)).toFixed(2)}, peak RSS ${peakRssMb(single.child.child.pid) ?? 'n/a'} MB`);
  // The machine's other work changes req/s between runs far more than CPU time per delivery.
  console.log(`CPU per delivery, serve / minimal composition: ${(mean(serve.cpuMs) / mean(minimal.cpuMs)).toFixed(2)}; serve / Express: ${(mean(serve.cpuMs) / mean(express.cpuMs)).toFixed(2)}`);
  console.log(`Redis CPU per delivery, serve / minimal composition: ${(mean(serve.redisCpuMs) / mean(minimal.redisCpuMs)).toFixed(2)}`);
  console.log(`serve peak RSS: ${peakRssMb(serve.child.child.pid) ?? 'n/a'} MB (aim ≤ 120 MB)`);
});
