import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

const KEY = 'sim-test-key';
let sim: Simulator | undefined;

async function start(options: Omit<SimulatorOptions, 'apiKey'>): Promise<string> {
  sim = createSimulator({ apiKey: KEY, ...options });
  return sim.listen();
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function get(base: string, path: string, key = KEY) {
  return fetch(`${base}${path}`, { headers: { 'x-api-key': key } });
}

describe('cursor pagination', () => {
  const contacts = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, email: `c${i + 1}@example.com` }));

  async function walk(base: string, order: 'asc' | 'desc'): Promise<{ ids: number[]; pages: number }> {
    const ids: number[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const response = await get(base, `/api/contacts?limit=10&order=${order}${cursor}`);
      const page = (await response.json()) as { items: { id: number }[]; hasMore: boolean };
      ids.push(...page.items.map((c) => c.id));
      pages += 1;
      if (!page.hasMore) return { ids, pages };
      cursor = `&startingAfter=${page.items.at(-1)!.id}`;
    }
  }

  it('walks three pages of ten in either order with startingAfter = last id', async () => {
    const base = await start({ seed: { contacts } });
    expect(await walk(base, 'asc')).toEqual({ ids: contacts.map((c) => c.id), pages: 3 });
    expect(await walk(base, 'desc')).toEqual({ ids: contacts.map((c) => c.id).reverse(), pages: 3 });
    const first = (await (await get(base, '/api/contacts')).json()) as { items: { id: number }[]; hasMore: boolean };
    expect(first.items[0]!.id).toBe(25);
    expect(first.hasMore).toBe(false);
  });

  it('refuses a limit outside 10–100 with a 422 violation', async () => {
    const base = await start({});
    for (const limit of [5, 101]) {
      const response = await get(base, `/api/tags?limit=${limit}`);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ violations: [{ propertyPath: 'limit', message: 'This value should be between 10 and 100.' }] });
    }
    expect((await get(base, '/api/tags?limit=100')).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('sends the quota headers on every API answer and a 429 with Retry-After once spent', async () => {
    // A window long enough that the five requests below fit in it however busy the machine is.
    const base = await start({ rateLimit: { max: 3, durationMs: 3000 } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await get(base, '/api/tags');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      expect(response.headers.get('x-ratelimit-refill')).toMatch(/^[1-9]\d*$/);
      remaining.push(response.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await get(base, '/api/tags');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toEqual({ title: 'Too Many Requests', detail: expect.any(String) });
    const unauthorized = await get(base, '/api/tags', 'wrong');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-ratelimit-limit')).toBe('3');
    // Answers 429 do not use quota: ask until the window has refilled.
    let refilled = await get(base, '/api/tags');
    for (const deadline = Date.now() + 20_000; refilled.status === 429 && Date.now() < deadline; ) {
      await sleep(100);
      refilled = await get(base, '/api/tags');
    }
    expect(refilled.status).toBe(200);
    expect(refilled.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('leaves the control endpoints outside the quota', async () => {
    const base = await start({ rateLimit: { max: 1, durationMs: 60_000 } });
    await get(base, '/api/tags');
    expect((await get(base, '/api/tags')).status).toBe(429);
    expect((await fetch(`${base}/__sim/requests`)).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers 500 or 503 for the failRate share without changing state, and logs every request', async () => {
    // Each request draws once to decide whether it fails, and a faulted one draws again for 500 vs 503.
    const draws = [0.1, 0.2, 0.1, 0.9, 0.99, 0.99];
    const base = await start({ failRate: 0.5, random: () => draws.shift() ?? 0.99 });
    const post = () => fetch(`${base}/api/tags`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lead' }) });
    const first = await post();
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ title: 'Internal Server Error', detail: expect.any(String) });
    const second = await post();
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.headers.get('x-ratelimit-limit')).not.toBeNull();
    const listed = (await (await get(base, '/api/tags')).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
    expect((await post()).status).toBe(201);
    const log = (await (await fetch(`${base}/__sim/requests`)).json()) as { method: string; path: string; status: number; at: string }[];
    expect(log.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['POST', '/api/tags', 500],
      ['POST', '/api/tags', 503],
      ['GET', '/api/tags', 200],
      ['POST', '/api/tags', 201],
    ]);
    expect(log[0]!.at).toMatch(/\+00:00$/);
  });

  it('adds latencyMs to API answers', async () => {
    const base = await start({ latencyMs: 120 });
    const startedAt = performance.now();
    expect((await get(base, '/api/tags?query=x')).status).toBe(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(110);
    const log = (await (await fetch(`${base}/__sim/requests`)).json()) as { path: string }[];
    expect(log[0]!.path).toBe('/api/tags?query=x');
  });
});

describe('lifecycle', () => {
  it('exposes its URL only while listening and rejects a missing API key option', async () => {
    const created = createSimulator({ apiKey: KEY });
    expect(() => created.url).toThrow(/listen/);
    const url = await created.listen(0, '127.0.0.1');
    expect(created.url).toBe(url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await created.close();
    expect(() => created.url).toThrow();
    expect(() => createSimulator({ apiKey: '' })).toThrow(/apiKey/);
    expect(() => createSimulator({ apiKey: KEY, failRate: 2 })).toThrow(/failRate/);
  });
});
