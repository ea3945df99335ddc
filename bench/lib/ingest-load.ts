import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { phpJsonEncode } from '../../src/events/php-json.js';
import { sign } from '../../src/http/signature.js';

// Today's date: a SALE_NEW whose order is older than DEDUPE_TTL is refused as a replay.
const NOW = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A ~1 KB SALE_NEW body in Systeme.io's shape, with `__N__` where each request puts its own number. */
const TEMPLATE = phpJsonEncode({
  customer: { id: '__N__', contactId: '__N__', email: 'buyer@example.com', clientIp: '203.0.113.9',
    fields: { first_name: 'Jane', surname: 'Doe', country: 'FR', phone_number: '+33600000000' },
    paymentProcessor: 'stripe', sourceUrl: 'https://shop.example.com/order-form' },
  coupon: null,
  funnelStep: { id: 31, name: 'Order form', type: 'offer-form', funnel: { id: 8, name: 'Main funnel' } },
  checkoutPage: null,
  order: { id: '__N__', createdAt: NOW, discountAmount: null, discountType: null, shippingFee: null, totalPrice: 4900, vat: 0 },
  orderItem: { id: '__N__', createdAt: NOW, resources: [{ course: { id: 680647, name: 'The course' },
    courseBundle: null, enrollmentAccessType: 'full_access', enrollmentDrippingAccessCourse: null, physicalProduct: null, tag: null }] },
  pricePlan: { id: 3456, name: 'Monthly', type: 'subscription', amount: 4900, currency: 'eur', innerName: 'Monthly plan',
    recurringOptions: { interval: 'month', intervalCount: 1 }, statementDescriptor: 'EXAMPLE' },
}).split('"__N__"');

// Cheap on the client side (string joins), so the load generator takes little of the two cores.
const saleBody = (n: number) => TEMPLATE.join(String(n));

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Requests answered (autocannon's count of sent ones runs ahead of them at a fixed rate). */
  requests: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  secret: string;
  /** Requests per second over all connections; unset: as fast as the receiver answers. */
  overallRate?: number;
}

/** Numbers stay distinct across every run of the process, so no delivery is a duplicate of another. */
let sequence = 0;

/** autocannon against `url` with distinct correctly signed SALE_NEW deliveries (own message id and order item each). */
export async function loadSales(url: string, options: LoadOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: [{
      method: 'POST',
      setupRequest(request) {
        sequence += 1;
        const body = saleBody(sequence);
        return { ...request, body, headers: {
          'content-type': 'application/json',
          'x-webhook-signature': sign(options.secret, body),
          'x-webhook-event': 'SALE_NEW',
          'x-webhook-message-id': randomUUID(),
          'x-webhook-event-timestamp': '2026-09-27T20:16:26+00:00',
          'x-webhook-schema-version': '2',
        } };
      },
    }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, requests: result.requests.total };
}

/** Several runs of one variant as one row: mean throughput, worst latencies, summed counts. */
export function combine(runs: LoadFigures[]): LoadFigures {
  return {
    rps: runs.reduce((sum, f) => sum + f.rps, 0) / runs.length,
    p50: Math.max(...runs.map((f) => f.p50)),
    p99: Math.max(...runs.map((f) => f.p99)),
    non2xx: runs.reduce((sum, f) => sum + f.non2xx, 0),
    errors: runs.reduce((sum, f) => sum + f.errors, 0),
    requests: runs.reduce((sum, f) => sum + f.requests, 0),
  };
}
