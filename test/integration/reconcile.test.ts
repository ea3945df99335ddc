import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import {
  API_KEY,
  MISSING,
  ONE_OFF,
  UNPAID,
  WRITES_NEEDED,
  holdings,
  range,
  simRequests,
  startDriftedAccount,
  type SimRequest,
} from '../helpers/reconcile-scenario.js';
import { waitFor } from '../helpers/wait-for.js';

interface Report {
  mode: string;
  drift: number;
  remaining: number;
  fixes: { contactId: number; kind: string; grants: string[]; outcome?: string; calls?: { writes: string[] } }[];
  unproven: { contactId: number }[];
  apiCalls: { scan: number; apply: number };
}

const writes = (requests: readonly SimRequest[]) => requests.filter((r) => r.method !== 'GET');
/** After every fix: the paid contacts and the one-off buyers hold everything, nobody else anything. */
const EXPECTED = [...range(1, 600), ...range(631, 680)];

let redis: Redis;
let sim: Simulator | undefined;
let prefix: string;

beforeAll(() => {
  redis = redisClient();
});
afterAll(() => redis.disconnect());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await deletePrefix(redis, prefix);
});

async function setUp(rate = '100000/1s') {
  prefix = uniquePrefix('reconcile');
  const account = await startDriftedAccount(redis, prefix);
  sim = account.sim;
  const env = {
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    SYSTEME_API_KEY: API_KEY,
    SYSTEME_API_URL: sim.url,
    RULES_FILE: account.rulesFile,
    SYSTEME_RATE_LIMIT: rate,
  };
  return { env, url: sim.url };
}

async function reconcile(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const result = await runCli(['reconcile', '--json', ...args], env, { timeoutMs: 240_000 });
  try {
    return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
  } catch {
    throw new Error(`reconcile printed no report (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

describe('systeme-hooks reconcile against 1,000 contacts, 30 drifted each way', () => {
  it('finds exactly the 60, fixes them with --apply in the calls needed, and a second run finds nothing', async () => {
    const { env, url } = await setUp();

    const dry = await reconcile(env);
    expect(dry.code).toBe(1);
    const ids = (kind: string) => dry.report.fixes.filter((fix) => fix.kind === kind).map((fix) => fix.contactId).sort((a, b) => a - b);
    expect(ids('unpaid')).toEqual(UNPAID);
    expect(ids('missing')).toEqual(MISSING);
    expect(dry.report.drift).toBe(60);
    // The one-off buyers hold access with no subscription: listed, never revoked.
    expect(dry.report.unproven.map((u) => u.contactId).sort((a, b) => a - b)).toEqual(ONE_OFF);
    expect(dry.report.fixes.find((fix) => fix.contactId === 631)?.grants).toEqual(['tag:"Customers"']);
    expect(dry.report.fixes.find((fix) => fix.contactId === 651)?.calls?.writes).toEqual([
      'POST /api/contacts/651/tags {"tagId":<id of "Customers">}',
      'POST /api/school/courses/680647/enrollments {"contactId":651,"accessType":"full_access"}',
      'POST /api/community/communities/77/memberships {"contactId":651}',
    ]);
    expect(dry.report.fixes.reduce((sum, fix) => sum + (fix.calls?.writes.length ?? 0), 0)).toBe(WRITES_NEEDED);
    const afterDry = await simRequests(url);
    expect(writes(afterDry)).toEqual([]);
    expect(afterDry).toHaveLength(dry.report.apiCalls.scan);

    const apply = await reconcile(env, '--apply');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.report.remaining).toBe(0);
    expect(apply.report.fixes.every((fix) => fix.outcome === 'fixed')).toBe(true);
    const applyRequests = (await simRequests(url)).slice(afterDry.length + apply.report.apiCalls.scan);
    expect(applyRequests).toHaveLength(apply.report.apiCalls.apply);
    expect(writes(applyRequests)).toHaveLength(WRITES_NEEDED);
    // Strictly needed: each write, and the read before it that the reactions make so a stale
    // scan never causes a second write.
    expect(applyRequests.length).toBeLessThanOrEqual(1.1 * 2 * WRITES_NEEDED);
    expect(applyRequests.every((r) => r.status < 300)).toBe(true);

    expect(await holdings(url)).toEqual({ tagged: EXPECTED, enrolled: EXPECTED, members: EXPECTED });
    const before = (await simRequests(url)).length;
    const again = await reconcile(env);
    expect(again.code).toBe(0);
    expect(again.report.drift).toBe(0);
    expect(writes((await simRequests(url)).slice(before))).toEqual([]);
  }, 600_000);

  it('a kill -9 in the middle of --apply, then a rerun: the same end state, no write made twice', async () => {
    // A slower rate limit, so the kill lands half-way through the fixes.
    const { env, url } = await setUp('400/1s');
    const running = startCli(['reconcile', '--apply', '--json'], env, { timeoutMs: 300_000 });
    const seen = await waitFor(async () => {
      const made = writes(await simRequests(url)).length;
      return made >= 30 ? made : undefined;
    }, 240_000);
    running.child.kill('SIGKILL');
    await running.stop();
    const atKill = writes(await simRequests(url)).length;
    expect(seen).toBeGreaterThanOrEqual(30);
    expect(atKill).toBeLessThan(WRITES_NEEDED);

    const rerun = await reconcile(env, '--apply');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.report.drift).toBeLessThan(60);
    const all = await simRequests(url);
    // Every write of both runs together: exactly one per grant to give or take.
    expect(writes(all)).toHaveLength(WRITES_NEEDED);
    expect(new Set(writes(all).filter((r) => r.method === 'DELETE').map((r) => r.path)).size).toBe(writes(all).filter((r) => r.method === 'DELETE').length);
    expect(await holdings(url)).toEqual({ tagged: EXPECTED, enrolled: EXPECTED, members: EXPECTED });

    const last = await reconcile(env);
    expect(last.code).toBe(0);
    expect(last.report.drift).toBe(0);
  }, 600_000);
});

describe('systeme-hooks reconcile: mistakes', () => {
  it('a rules file without entitlements says what to add, and changes nothing', async () => {
    prefix = uniquePrefix('reconcile');
    const rulesFile = join(mkdtempSync(join(tmpdir(), 'reconcile-')), 'rules.yaml');
    writeFileSync(rulesFile, 'rules: []\n');
    const result = await runCli(['reconcile'], { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, RULES_FILE: rulesFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('defines no entitlements: add an entitlements: section saying what each price plan grants (docs/reconcile.md)');
    expect(result.stdout).toBe('');
  });
});
