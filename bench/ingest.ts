import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { phpJsonEncode } from '../src/events/php-json.js';
import { sign } from '../src/http/signature.js';
import { freePort } from '../src/cli/demo/local-redis.js';
import { runBench } from './lib/bench-run.js';
import { CLI, peakRssMb, waitForHttp } from './lib/processes.js';

const SECRET = 'bench-secret-0123456789abcdef';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

/** A ~1 KB SALE_NEW body in Systeme.io's shape, with `__N__` where each request puts its own number. */
const TEMPLATE = phpJsonEncode({
    customer: { id: '__N__', contactId: '__N__', email: 'buyer@example.com', clientIp: '203.0.113.9',
      fields: { first_name: 'Jane', surname: 'Doe', country: 'FR', phone_number: '+33600000000' },
      paymentProcessor: 'stripe', sourceUrl: 'https://shop.example.com/order-form' },
    coupon: null,
    funnelStep: { id: 31, name: 'Order form', type: 'offer-form', funnel: { id: 8, name: 'Main funnel' } },
    checkoutPage: null,
    order: { id: '__N__', createdAt: '2026-09-27T20:16:26+00:00', discountAmount: null, discountType: null, shippingFee: null, totalPrice: 4900, vat: 0 },
    orderItem: { id: '__N__', createdAt: '2026-09-27T20:16:26+00:00', resources: [{ course: { id: 680647, name: 'The course' },
      courseBundle: null, enrollmentAccessType: 'full_access', enrollmentDrippingAccessCourse: null, physicalProduct: null, tag: null }] },
    pricePlan: { id: 3456, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur', innerName: 'Monthly plan',
      recurringOptions: { interval: 'month', intervalCount: 1 }, statementDescriptor: 'EXAMPLE' },
  }).split('"__N__"');

// Cheap on the client side (string joins), so the load generator takes little of the two cores.
const saleBody = (n: number) => TEMPLATE.join(String(n));

interface Figures { rps: number; p50: number; p99: number; non2xx: number; errors: number; requests: number; }

async function load(url: string): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{
      method: 'POST',
      setupRequest(request) {
        n += 1;
        const body = saleBody(n);
        return { ...request, body, headers: {
          'content-type': 'application/json',
          'x-webhook-signature': sign(SECRET, body),
          'x-webhook-event': 'SALE_NEW',
          'x-webhook-message-id': randomUUID(),
          'x-webhook-event-timestamp': '2026-09-27T20:16:26+00:00',
          'x-webhook-schema-version': '2',
        } };
      },
    }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, requests: result.requests.sent };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const barePort = await freePort();
  scope.startNode('bare Fastify', fileURLToPath(new URL('./bare-server.js', import.meta.url)), [String(barePort)], {});
  // Logs go to a pipe the bench drains, as they would to docker's log driver.
  const serveWith = async (history: boolean) => {
    const port = await freePort();
    const child = scope.startNode(history ? 'serve' : 'serve (history off)', CLI, ['serve'], {
      PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, SYSTEME_WEBHOOK_SECRET: SECRET,
      ALLOW_SINGLE_SECRET_ROUTE: 'true', LOG_LEVEL: 'info', QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
      // 0 turns the contact history off: the baseline of its cost.
      HISTORY_RETENTION: history ? '90d' : '0',
    });
    return { port, child };
  };
  const stats = new Redis(redisUrl);
  scope.defer('Redis stats client', async () => void stats.disconnect());
  /** Commands Redis has run so far (INFO stats), to count what one delivery costs it. */
  const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await stats.info('stats'))?.[1] ?? 0);
  const serve = await serveWith(true);
  const plain = await serveWith(false);
  await waitForHttp(`http://127.0.0.1:${barePort}/healthz`);
  await waitForHttp(`http://127.0.0.1:${serve.port}/healthz`);
  await waitForHttp(`http://127.0.0.1:${plain.port}/healthz`);
  await load(`http://127.0.0.1:${barePort}/webhooks/systeme`); // warm-up
  const bareFigures = await load(`http://127.0.0.1:${barePort}/webhooks/systeme`);
  // Interleaved rounds, so a busy spell on the machine weighs on both variants alike.
  const withHistory: Figures[] = [];
  const withoutHistory: Figures[] = [];
  const perDelivery = { on: [] as number[], off: [] as number[] };
  // The order alternates too: Redis grows (no worker drains it), so later runs are slower.
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [false, true] : [true, false];
    for (const history of order) {
      const before = await commands();
      const figures = await load(`http://127.0.0.1:${(history ? serve : plain).port}/webhooks/systeme`);
      const used = (await commands()) - before;
      (history ? withHistory : withoutHistory).push(figures);
      perDelivery[history ? 'on' : 'off'].push(used / figures.requests);
      console.log(`  round ${round + 1}, history ${history ? 'on ' : 'off'}: ${figures.rps.toFixed(0)} req/s, p99 ${figures.p99} ms, ${(used / figures.requests).toFixed(2)} Redis commands per delivery`);
    }
  }
  const mean = (runs: Figures[]): Figures => ({
    rps: runs.reduce((sum, f) => sum + f.rps, 0) / runs.length,
    p50: Math.max(...runs.map((f) => f.p50)),
    p99: Math.max(...runs.map((f) => f.p99)),
    non2xx: runs.reduce((sum, f) => sum + f.non2xx, 0),
    errors: runs.reduce((sum, f) => sum + f.errors, 0),
    requests: runs.reduce((sum, f) => sum + f.requests, 0),
  });
  const serveFigures = mean(withHistory);
  const plainFigures = mean(withoutHistory);
  const rss = peakRssMb(serve.child.child.pid);
  const row = (name: string, f: Figures) =>
    `${name.padEnd(36)} ${f.rps.toFixed(0).padStart(8)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  non-2xx ${f.non2xx}  errors ${f.errors}`;
  console.log(`ingest benchmark: ${CONNECTIONS} connections, ${DURATION} s each, distinct signed ~1 KB SALE_NEW deliveries`);
  console.log(row('bare Fastify 202 (baseline)', bareFigures));
  console.log(row(`serve, history off (mean of ${ROUNDS})`, plainFigures));
  console.log(row(`systeme-hooks serve (mean of ${ROUNDS})`, serveFigures));
  console.log(`throughput ratio (serve / bare): ${(serveFigures.rps / bareFigures.rps).toFixed(2)}`);
  console.log(`cost of the contact history: ${((1 - serveFigures.rps / plainFigures.rps) * 100).toFixed(1)} % of throughput (serve ${serveFigures.rps.toFixed(0)} vs history off ${plainFigures.rps.toFixed(0)} req/s; target ≤ 5 %)`);
  const average = (values: number[]) => (values.reduce((sum, v) => sum + v, 0) / values.length).toFixed(2);
  console.log(`Redis commands per delivery: ${average(perDelivery.on)} with the history, ${average(perDelivery.off)} without (a queued delivery's arrival is recorded by the worker)`);
  console.log(`serve peak RSS: ${rss ?? 'n/a'} MB`);
});
