// What REDIS_ACK_REPLICAS=1 costs the receiver: two `serve` on one primary with one replica,
// acknowledging at once (0) or after WAIT 1 (1), measured in interleaved rounds of the same run.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startRedisBinary } from '../src/cli/demo/local-redis.js';
import { freePort } from '../src/cli/support/free-port.js';
import { phpJsonEncode } from '../src/events/php-json.js';
import { sign } from '../src/http/signature.js';
import { runBench } from './lib/bench-run.js';
import { CLI, waitForHttp } from './lib/processes.js';

const SECRET = 'bench-secret-0123456789abcdef';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** A CONTACT_CREATED body with `__N__` where each request puts its own contact id. */
const TEMPLATE = phpJsonEncode({
  contact: { id: '__N__', email: 'jane@example.com', registeredAt: '2026-09-27T20:16:26+00:00', locale: 'en',
    sourceURL: 'https://example.systeme.io/optin', unsubscribed: false, bounced: false, needsConfirmation: false,
    fields: [{ fieldName: 'First name', slug: 'first_name', value: 'Jane' }], tags: [] },
}).split('"__N__"');

interface Figures { rps: number; p50: number; p99: number; non2xx: number; requests: number }

let next = 0;
async function load(url: string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{
      method: 'POST',
      setupRequest(request) {
        const body = TEMPLATE.join(String(++next));
        return { ...request, body, headers: {
          'content-type': 'application/json',
          'x-webhook-signature': sign(SECRET, body),
          'x-webhook-event': 'CONTACT_CREATED',
          'x-webhook-message-id': randomUUID(),
        } };
      },
    }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, requests: result.requests.sent };
}

await runBench(process.env, async (scope) => {
  // Its own primary and replica, whatever REDIS_URL says: replication is what is measured.
  const primary = await startRedisBinary();
  scope.defer('primary redis-server', () => primary.stop());
  const replica = await startRedisBinary();
  scope.defer('replica redis-server', () => replica.stop());
  const stats = new Redis(primary.url);
  scope.defer('Redis clients', async () => void stats.disconnect());
  const replicaClient = new Redis(replica.url);
  scope.defer('replica client', async () => void replicaClient.disconnect());
  await replicaClient.replicaof('127.0.0.1', String(primary.port));
  while (!/master_link_status:up/.test(await replicaClient.info('replication'))) await sleep(100);

  const serveWith = async (replicas: number) => {
    const port = await freePort();
    scope.startNode(`serve (REDIS_ACK_REPLICAS=${replicas})`, CLI, ['serve'], {
      PORT: String(port), HOST: '127.0.0.1', REDIS_URL: primary.url, SYSTEME_WEBHOOK_SECRET: SECRET,
      ALLOW_SINGLE_SECRET_ROUTE: 'true', LOG_LEVEL: 'info', QUEUE_PREFIX: `bench-ack-${randomUUID().slice(0, 8)}`,
      HISTORY_RETENTION: '0', REDIS_ACK_REPLICAS: String(replicas),
    });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`);
    return `http://127.0.0.1:${port}/webhooks/systeme`;
  };
  const urls = { 0: await serveWith(0), 1: await serveWith(1) };
  /** WAIT commands the primary has run so far (INFO commandstats). */
  const waits = async () => Number(/cmdstat_wait:calls=(\d+)/.exec(await stats.info('commandstats'))?.[1] ?? 0);

  await load(urls[0]); // warm-up
  const runs: Record<0 | 1, Figures[]> = { 0: [], 1: [] };
  let waitCalls = 0;
  // Interleaved and alternating, so a busy spell on the machine (or a growing Redis) weighs on both alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const replicas of round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const before = await waits();
      const figures = await load(urls[replicas]);
      if (replicas === 1) waitCalls += (await waits()) - before;
      runs[replicas].push(figures);
      console.log(`  round ${round + 1}, REDIS_ACK_REPLICAS=${replicas}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, non-2xx ${figures.non2xx}`);
    }
  }
  const mean = (list: Figures[]): Figures => ({
    rps: list.reduce((sum, f) => sum + f.rps, 0) / list.length,
    p50: Math.max(...list.map((f) => f.p50)),
    p99: Math.max(...list.map((f) => f.p99)),
    non2xx: list.reduce((sum, f) => sum + f.non2xx, 0),
    requests: list.reduce((sum, f) => sum + f.requests, 0),
  });
  const [off, on] = [mean(runs[0]), mean(runs[1])];
  const row = (name: string, f: Figures) =>
    `${name.padEnd(40)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  non-2xx ${f.non2xx}`;
  console.log(`replica acknowledgement benchmark: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds, one primary and one replica on this machine`);
  console.log(row('REDIS_ACK_REPLICAS=0 (baseline)', off));
  console.log(row('REDIS_ACK_REPLICAS=1 (WAIT 1)', on));
  console.log(`throughput ratio (ack 1 / ack 0): ${(on.rps / off.rps).toFixed(2)}`);
  console.log(`deliveries per WAIT (shared by concurrent deliveries): ${(on.requests / Math.max(waitCalls, 1)).toFixed(1)}`);
});
