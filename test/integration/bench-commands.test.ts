import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { killGroup, processesInGroup, runInOwnGroup } from '../helpers/process-group.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a built benchmark briefly, as `npm run bench:*` does after building, without REDIS_URL. */
async function runBenchBriefly(script: string, env: Record<string, string>) {
  const run = await runInOwnGroup(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    timeoutMs: 150_000,
  });
  const left = processesInGroup(run.pgid);
  killGroup(run.pgid);
  return { ...run, left };
}

describe('benchmarks end by themselves', () => {
  it('bench:process prints its figures, exits 0 and leaves no worker or redis-server running', async () => {
    const run = await runBenchBriefly('dist/bench/process.js', { BENCH_EVENTS: '60', BENCH_LIMITED_EVENTS: '10', BENCH_MIX_EVENTS: '20' });
    expect(run.timedOut, `bench:process did not exit:\n${run.output}`).toBe(false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('throughput ratio (work / noop)');
    expect(run.output).toMatch(/example rules, SALE_NEW \(5 actions\) +[\d.]+ calls\/event +[\d.]+ writes\/event/);
    expect(run.output).toMatch(/five actions on one contact +[\d.]+ calls\/event/);
    expect(run.output).toMatch(/rate-limited to R=50 req\/s: 10 events/);
    expect(run.left, 'processes the benchmark left running').toEqual([]);
  }, 180_000);

  it('bench:quota prints its figures, exits 0 and leaves no worker or redis-server running', async () => {
    const run = await runBenchBriefly('dist/bench/quota.js', {
      BENCH_QUOTA: '40/1s', BENCH_QUOTA_SECONDS: '4', BENCH_QUOTA_WARMUP: '1', BENCH_EXPLICIT_RATE: '20/1s', BENCH_EXPLICIT_SECONDS: '4', BENCH_EXPLICIT_WARMUP: '1', BENCH_QUOTA_WORKERS: '1',
    });
    expect(run.timedOut, `bench:quota did not exit:\n${run.output}`).toBe(false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/unconfigured \(learned, SYSTEME_RATE_MARGIN 10\): .* 429 in steady state: \d+/);
    expect(run.output).toMatch(/explicit SYSTEME_RATE_LIMIT=20\/1s .* of the limit/);
    expect(run.left, 'processes the benchmark left running').toEqual([]);
  }, 180_000);

  it('bench:ingest prints its figures, exits 0 and leaves no server or redis-server running', async () => {
    const run = await runBenchBriefly('dist/bench/ingest.js', { BENCH_DURATION: '1', BENCH_CONNECTIONS: '4', BENCH_REDIS_COMMANDS: '1' });
    expect(run.timedOut, `bench:ingest did not exit:\n${run.output}`).toBe(false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('throughput ratio (serve / minimal composition)');
    // BENCH_REDIS_COMMANDS=1: each load's Redis commands per delivery, BullMQ's add script among them.
    expect(run.output).toMatch(/^ +evalsha +\d+\.\d\d calls +\d+\.\d µs per delivery$/m);
    expect(run.output).toMatch(/^ +hmset +\d+\.\d\d calls/m);
    expect(run.left, 'processes the benchmark left running').toEqual([]);
  }, 180_000);
});
