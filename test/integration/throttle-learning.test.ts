import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createThrottle } from '../../src/worker/throttle.js';
import { API_KEY, SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deletePrefix, redisClient, uniquePrefix } from '../helpers/redis.js';
import { monitorLag } from '../helpers/scheduling-lag.js';

const redis = redisClient();
const prefix = uniquePrefix('learn');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** How many calls in a row are granted at once, asking one at a time until one must wait (at most `asked`). */
async function grantsOf(throttle: ReturnType<typeof createThrottle>, asked: number): Promise<number> {
  let granted = 0;
  while (granted < asked && (await throttle.tryAcquire()) === 0) granted += 1;
  return granted;
}

describe('a limiter that learns the quota (SYSTEME_RATE_LIMIT unset)', () => {
  it('starts conservatively, then every process keeps to the quota one of them learned, less the margin', async () => {
    const key = `${prefix}:shared`;
    const first = createThrottle({ redis, prefix: key, marginPercent: 10 });
    const second = createThrottle({ redis, prefix: key, marginPercent: 10 });
    expect(first.quota()).toMatchObject({ source: 'start', allowedPerSecond: expect.any(Number) });
    expect(first.quota().allowedPerSecond).toBeLessThanOrEqual(2);

    // A refill read mid-window (4 s) is shorter than the window; the longest seen is kept.
    first.observe({ limit: 50, remaining: 40, refillSeconds: 4, at: Date.now() });
    first.observe({ limit: 50, remaining: 49, refillSeconds: 60, at: Date.now() });
    first.observe({ limit: 50, remaining: 30, refillSeconds: 20, at: Date.now() });
    await expect.poll(() => redis.hgetall(`${key}:api-rate:quota`)).toEqual({ limit: '50', windowMs: '60000' });
    expect(first.quota()).toMatchObject({ source: 'learned', limit: 50, windowMs: 60_000, usedShare: 0.4 });

    // The other process never saw an answer, yet keeps to 45 calls (50 less 10 %) in the window.
    expect(await grantsOf(second, 60)).toBe(45);
  });

  it('an explicit SYSTEME_RATE_LIMIT stays the cap, whatever the headers say', async () => {
    const key = `${prefix}:capped`;
    const throttle = createThrottle({ redis, prefix: key, max: 5, durationMs: 60_000 });
    throttle.observe({ limit: 1000, remaining: 999, refillSeconds: 60, at: Date.now() });
    expect(throttle.quota()).toMatchObject({ source: 'configured', limit: 1000 });
    expect(await grantsOf(throttle, 10)).toBe(5);
  });
});

const TAG_RULES = `
rules:
  - name: tag-new-contacts
    on: CONTACT_CREATED
    do:
      - add_tag: { id: 11 }
`;

describe('workers against a simulator quota they were not told', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  /** A pipeline whose simulator allows 20 calls per window, with `count` contacts to tag; the workers are not told the quota. */
  async function untoldQuota(windowMs: number, count: number, firstId: number) {
    const people = Array.from({ length: count }, (_, i) => ({ id: firstId + i, email: `q${firstId + i}@example.com`, fields: [], tags: [] }));
    pipeline = await startPipeline({
      rules: TAG_RULES,
      seed: { ...SEED, contacts: [...(SEED.contacts ?? []), ...people] } as typeof SEED,
      sim: { rateLimit: { max: 20, durationMs: windowMs } },
      env: { SYSTEME_RATE_LIMIT: '', SYSTEME_RATE_MARGIN: '10', WORKER_CONCURRENCY: '10' },
    });
    return { pipeline, people };
  }

  /** Delivers a CONTACT_CREATED per contact and waits for every job to complete; how long the test process was held up meanwhile. */
  async function tagEveryone(running: Pipeline, people: { id: number; email: string }[]): Promise<number> {
    const lag = monitorLag();
    const ids = await Promise.all(people.map((c) => running.deliver('CONTACT_CREATED', { contact: { id: c.id, email: c.email } })));
    const jobs = await Promise.all(ids.map((id) => running.settle(id, 120_000)));
    const heldUpMs = lag.stop();
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    return heldUpMs;
  }

  /** The worker's metrics, and the rate it allows itself from what it learned. */
  async function workerMetrics(running: Pipeline) {
    const text = await (await fetch(`${running.worker.metricsAddress}/metrics`)).text();
    const allowed = /^systeme_hooks_api_rate_allowed_per_second\{source="learned"\} ([\d.]+)$/m.exec(text);
    return { text, learnedPerSecond: Number(allowed?.[1]) };
  }

  it('learn it from the headers, keep under it without 429s, and show it in the metrics', async () => {
    // 20 calls per 2 s window: 30 events × 2 calls need at least three windows.
    const { pipeline: running, people } = await untoldQuota(2000, 30, 800);
    const heldUpMs = await tagEveryone(running, people);
    const requests = await running.requests();
    // 30 reads and 30 writes, each made once.
    expect(requests.filter((r) => r.status !== 429)).toHaveLength(60);
    // The limiter grants 18 per window of 2 s (+50 ms); the simulator counts 20. A 429 needs
    // requests granted in two windows to arrive in one: only a process held up for long can do that.
    if (heldUpMs <= 50) expect(requests.filter((r) => r.status === 429)).toEqual([]);

    const metrics = await workerMetrics(running);
    expect(metrics.text).toMatch(/^systeme_hooks_api_quota_limit 20$/m);
    expect(metrics.text).toMatch(/^systeme_hooks_api_quota_window_seconds 2$/m);
    expect(metrics.text).toMatch(/^systeme_hooks_api_quota_used_ratio (0(\.\d+)?|1)$/m);
    expect(metrics.learnedPerSecond).toBeCloseTo(18 / 2.05, 3);
  }, 180_000);

  it('first read mid-window: keep within what the API says is left, then learn the whole window at its refill', async () => {
    // 20 calls per 5 s window, which starts with the first call of any integration of the account.
    const { pipeline: running, people } = await untoldQuota(5000, 20, 900);
    // Another integration opens the window; the workers' first answer comes 3 s into it, and
    // says the quota refills in 2 s: too short a window, taken for the whole one at first.
    const other = await fetch(`${running.config.api.baseUrl}/api/tags`, { headers: { 'x-api-key': API_KEY } });
    expect(other.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const heldUpMs = await tagEveryone(running, people);
    const [opening, ...requests] = await running.requests();
    expect(opening).toMatchObject({ method: 'GET', path: '/api/tags' });
    // 20 reads and 20 writes, each made once, over at least two windows of the API.
    expect(requests.filter((r) => r.status !== 429)).toHaveLength(40);
    // The first window's answers said what was left: the workers stopped at it instead of
    // spending calls on 429s, although the limiter still took the window for 2 s long.
    if (heldUpMs <= 50) expect(requests.filter((r) => r.status === 429)).toEqual([]);

    // The answer after the API's refill showed the whole window; every process now keeps to it.
    const metrics = await workerMetrics(running);
    expect(metrics.text).toMatch(/^systeme_hooks_api_quota_window_seconds 5$/m);
    expect(metrics.learnedPerSecond).toBeCloseTo(18 / 5.05, 3);
    expect(await redis.hget(`${running.config.redis.prefix}:api-rate:quota`, 'windowMs')).toBe('5000');
  }, 180_000);
});
