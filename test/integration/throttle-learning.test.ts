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

  it('learn it from the headers, keep under it without 429s, and show it in the metrics', async () => {
    const people = Array.from({ length: 30 }, (_, i) => ({ id: 800 + i, email: `q${800 + i}@example.com`, fields: [], tags: [] }));
    pipeline = await startPipeline({
      rules: TAG_RULES,
      seed: { ...SEED, contacts: [...(SEED.contacts ?? []), ...people] } as typeof SEED,
      // 20 calls per 2 s window: 30 events × 2 calls need at least three windows.
      sim: { rateLimit: { max: 20, durationMs: 2000 } },
      env: { SYSTEME_RATE_LIMIT: '', SYSTEME_RATE_MARGIN: '10', WORKER_CONCURRENCY: '10' },
    });
    const lag = monitorLag();
    const ids = await Promise.all(people.map((c) => pipeline!.deliver('CONTACT_CREATED', { contact: { id: c.id, email: c.email } })));
    const jobs = await Promise.all(ids.map((id) => pipeline!.settle(id, 120_000)));
    const heldUpMs = lag.stop();
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    const requests = await pipeline.requests();
    // 30 reads and 30 writes, each made once.
    expect(requests.filter((r) => r.status !== 429)).toHaveLength(60);
    // The limiter grants 18 per window of 2 s (+50 ms); the simulator counts 20. A 429 needs
    // requests granted in two windows to arrive in one: only a process held up for long can do that.
    if (heldUpMs <= 50) expect(requests.filter((r) => r.status === 429)).toEqual([]);

    const metrics = await (await fetch(`${pipeline.worker.metricsAddress}/metrics`)).text();
    expect(metrics).toMatch(/^systeme_hooks_api_quota_limit 20$/m);
    expect(metrics).toMatch(/^systeme_hooks_api_quota_window_seconds 2$/m);
    expect(metrics).toMatch(/^systeme_hooks_api_quota_used_ratio (0(\.\d+)?|1)$/m);
    const allowed = /^systeme_hooks_api_rate_allowed_per_second\{source="learned"\} ([\d.]+)$/m.exec(metrics);
    expect(Number(allowed?.[1])).toBeCloseTo(18 / 2.05, 3);
  }, 180_000);

  it('first read mid-window: keep within what the API says is left, then learn the whole window at its refill', async () => {
    const people = Array.from({ length: 20 }, (_, i) => ({ id: 900 + i, email: `w${900 + i}@example.com`, fields: [], tags: [] }));
    pipeline = await startPipeline({
      rules: TAG_RULES,
      seed: { ...SEED, contacts: [...(SEED.contacts ?? []), ...people] } as typeof SEED,
      // 20 calls per 5 s window, which starts with the first call of any integration of the account.
      sim: { rateLimit: { max: 20, durationMs: 5000 } },
      env: { SYSTEME_RATE_LIMIT: '', SYSTEME_RATE_MARGIN: '10', WORKER_CONCURRENCY: '10' },
    });
    // Another integration opens the window; the workers' first answer comes 3 s into it, and
    // says the quota refills in 2 s: too short a window, taken for the whole one at first.
    const other = await fetch(`${pipeline.config.api.baseUrl}/api/tags`, { headers: { 'x-api-key': API_KEY } });
    expect(other.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const lag = monitorLag();
    const ids = await Promise.all(people.map((c) => pipeline!.deliver('CONTACT_CREATED', { contact: { id: c.id, email: c.email } })));
    const jobs = await Promise.all(ids.map((id) => pipeline!.settle(id, 120_000)));
    const heldUpMs = lag.stop();
    for (const job of jobs) expect(await job.getState()).toBe('completed');
    const [opening, ...requests] = await pipeline.requests();
    expect(opening).toMatchObject({ method: 'GET', path: '/api/tags' });
    // 20 reads and 20 writes, each made once, over at least two windows of the API.
    expect(requests.filter((r) => r.status !== 429)).toHaveLength(40);
    // The first window's answers said what was left: the workers stopped at it instead of
    // spending calls on 429s, although the limiter still took the window for 2 s long.
    if (heldUpMs <= 50) expect(requests.filter((r) => r.status === 429)).toEqual([]);

    // The answer after the API's refill showed the whole window; every process now keeps to it.
    const metrics = await (await fetch(`${pipeline.worker.metricsAddress}/metrics`)).text();
    expect(metrics).toMatch(/^systeme_hooks_api_quota_window_seconds 5$/m);
    const allowed = /^systeme_hooks_api_rate_allowed_per_second\{source="learned"\} ([\d.]+)$/m.exec(metrics);
    expect(Number(allowed?.[1])).toBeCloseTo(18 / 5.05, 3);
    const redis = redisClient();
    try {
      expect(await redis.hget(`${pipeline.config.redis.prefix}:api-rate:quota`, 'windowMs')).toBe('5000');
    } finally {
      redis.disconnect();
    }
  }, 180_000);
});

