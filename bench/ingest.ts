import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
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

interface Figures { rps: number; p50: number; p99: number; non2xx: number; errors: number; }

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
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

await runBench(process.env, async (scope) => {
  const redisUrl = await scope.redisUrl();
  const barePort = await freePort();
  scope.startNode('bare Fastify', fileURLToPath(new URL('./bare-server.js', import.meta.url)), [String(barePort)], {});
  const servePort = await freePort();
  // Logs go to a pipe the bench drains, as they would to docker's log driver.
  const serve = scope.startNode('serve', CLI, ['serve'], {
    PORT: String(servePort), HOST: '127.0.0.1', REDIS_URL: redisUrl, SYSTEME_WEBHOOK_SECRET: SECRET,
    ALLOW_SINGLE_SECRET_ROUTE: 'true', LOG_LEVEL: 'info', QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
  });
  await waitForHttp(`http://127.0.0.1:${barePort}/healthz`);
  await waitForHttp(`http://127.0.0.1:${servePort}/healthz`);
  await load(`http://127.0.0.1:${barePort}/webhooks/systeme`); // warm-up both
  const bareFigures = await load(`http://127.0.0.1:${barePort}/webhooks/systeme`);
  const serveFigures = await load(`http://127.0.0.1:${servePort}/webhooks/systeme`);
  const rss = peakRssMb(serve.child.pid);
  const row = (name: string, f: Figures) =>
    `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(8)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  non-2xx ${f.non2xx}  errors ${f.errors}`;
  console.log(`ingest benchmark: ${CONNECTIONS} connections, ${DURATION} s each, distinct signed ~1 KB SALE_NEW deliveries`);
  console.log(row('bare Fastify 202 (baseline)', bareFigures));
  console.log(row('systeme-hooks serve', serveFigures));
  console.log(`throughput ratio (serve / bare): ${(serveFigures.rps / bareFigures.rps).toFixed(2)}`);
  console.log(`serve peak RSS: ${rss ?? 'n/a'} MB`);
});
