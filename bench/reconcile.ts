import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { API_KEY, startDriftedAccount, simRequests } from './lib/drift-account.js';
import { runBench } from './lib/bench-run.js';
import { CLI } from './lib/processes.js';

// The scan of `systeme-hooks reconcile` over the drifted account (1,000 contacts, 30 drifted each
// way): its API calls, and its time at SYSTEME_RATE_LIMIT=5/1s against a baseline
// measured in the same run with no effective limit. BENCH_RATE overrides the limited rate.
const RATE = process.env.BENCH_RATE ?? '5/1s';

interface Report {
  drift: number;
  apiCalls: { scan: number };
  entitlements: { contacts: number }[];
}

function reconcile(env: Record<string, string>): Promise<{ code: number | null; report: Report; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'reconcile', '--json'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, report: JSON.parse(stdout) as Report, ms: Date.now() - started });
      } catch {
        reject(new Error(`reconcile printed no report (exit ${code}): ${stdout}`));
      }
    });
  });
}

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  scope.defer('redis client', async () => void (await redis.quit()));
  const measure = async (label: string, rate: string) => {
    const prefix = `bench-reconcile-${label}-${process.pid}`;
    const { sim, rulesFile } = await startDriftedAccount(redis, prefix);
    scope.defer(`simulator (${label})`, () => sim.close());
    scope.defer(`keys ${prefix}`, async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    });
    const env = { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SYSTEME_API_KEY: API_KEY, SYSTEME_API_URL: sim.url, RULES_FILE: rulesFile, SYSTEME_RATE_LIMIT: rate };
    const run = await reconcile(env);
    const requests = (await simRequests(sim.url)).length;
    if (run.report.drift !== 60 || requests !== run.report.apiCalls.scan) throw new Error(`unexpected scan: drift ${run.report.drift}, ${requests} requests for ${run.report.apiCalls.scan} calls`);
    return { ...run, requests };
  };
  const baseline = await measure('baseline', '100000/1s');
  const limited = await measure('limited', RATE);
  const contacts = limited.report.entitlements.reduce((sum, e) => sum + e.contacts, 0);
  console.log(`reconcile scan: 1,000 contacts in the account, ${contacts} checked (holders of a grant and remembered buyers), drift 60`);
  console.log(`  API calls: ${limited.report.apiCalls.scan} (${(limited.report.apiCalls.scan / contacts).toFixed(2)} per contact checked)`);
  console.log(`  baseline, no effective rate limit: ${(baseline.ms / 1000).toFixed(1)} s (whole command)`);
  console.log(`  at SYSTEME_RATE_LIMIT=${RATE}: ${(limited.ms / 1000).toFixed(1)} s (whole command)`);
  console.log(`  ratio (limited / baseline): ${(limited.ms / baseline.ms).toFixed(1)}x`);
});
