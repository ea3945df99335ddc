import { createHmac } from 'node:crypto';
import { recentFixtureBody } from './deliveries.js';

/** mulberry32: a small seeded PRNG in [0, 1), so a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One request of the fuzz run, with what the test knows about it independently of the receiver. */
export interface FuzzCase {
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The signature header is the HMAC of these exact bytes under a secret the route accepts. */
  validSignature: boolean;
  /** Announced as one of the six event types. */
  knownEvent: boolean;
}

const EVENTS = ['CONTACT_CREATED', 'CONTACT_TAG_ADDED', 'CONTACT_TAG_REMOVED', 'CONTACT_OPT_IN', 'SALE_NEW', 'SALE_CANCELED'];
const FIXTURES: [string, string][] = [
  ['contact-created.json', 'CONTACT_CREATED'],
  ['contact-tag-added-double-nested.json', 'CONTACT_TAG_ADDED'],
  ['sale-new.json', 'SALE_NEW'],
];
const hmac = (secret: string, body: Buffer | string) => createHmac('sha256', secret).update(body).digest('hex');
const kebab = (event: string) => event.toLowerCase().replaceAll('_', '-');

/** Bodies whose parsed form is absurd for a webhook, though valid JSON (or nearly); built on demand, some are large. */
const ABSURD_BODIES: ((random: () => number) => string)[] = [
  ...['null', '[]', '"text"', '12', 'true', '{}', '{"contact":null}', '{"contact":{"id":-1}}', '{"contact":{"id":1e308}}',
    '{"contact":{"id":99999999999999999999999}}', '{"contact":{"id":"12345"}}', '{"contact":{"id":"1e3"}}',
    '{"contact":{"id":"0x10","email":{"$gt":""}}}', '{"customer":{"contactId":"77"},"pricePlan":{"id":"3456"}}',
    '{"__proto__":{"polluted":"yes"},"contact":{"id":5,"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}}',
    '{"constructor":{"prototype":{"polluted":"yes"}},"contact":{"id":6}}'].map((text) => () => text),
  () => `{"contact":{"id":1,"email":"${'\\u0000'.repeat(50)}"}}`,
  () => `{"contact":{"id":1,"tags":[${'{"id":1,"name":"x"},'.repeat(20_000)}{"id":2,"name":"y"}]}}`,
  () => `{"contact":{"id":1,"note":"${'x'.repeat(500_000)}"}}`,
  (random) => {
    const depth = 1_000 + Math.floor(random() * 200_000);
    return `{"contact":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  },
  () => `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
];

export interface FuzzerOptions {
  seed: number;
  /** Secrets the receiver verifies with (current first). */
  secrets: readonly string[];
}

/** Builds requests from real deliveries by mutation, and at random. */
export function createFuzzer(options: FuzzerOptions) {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * max);
  const bases = FIXTURES.map(([file, event]) => ({ body: recentFixtureBody(file), event }));
  const sent: FuzzCase[] = [];
  const secret = options.secrets[0]!;
  // From the seed too: a run replayed with FUZZ_SEED sends the very same requests.
  const messageId = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  function routeSecrets(url: string, event: string): string[] {
    // As a client resolves it: `/webhooks/systeme/../systeme` is the single-secret route.
    const path = new URL(url, 'http://receiver').pathname;
    const match = /^\/webhooks\/systeme\/([a-z-]+)$/.exec(path);
    if (!match) return path === '/webhooks/systeme' ? [...options.secrets] : [];
    if (kebab(event) !== match[1]) return [];
    return options.secrets.map((master) => hmac(master, `systeme-hooks:${event}`));
  }

  function finish(kind: string, method: string, url: string, headers: Record<string, string>, body: Buffer): FuzzCase {
    const signature = (headers['x-webhook-signature'] ?? '').trim().toLowerCase();
    const event = headers['x-webhook-event'] ?? '';
    const validSignature = method === 'POST' && routeSecrets(url, event.trim()).some((s) => hmac(s, body) === signature);
    const fuzzCase = { kind, method, url, headers, body, validSignature, knownEvent: EVENTS.includes(event.trim()) };
    if (validSignature) sent.push(fuzzCase);
    return fuzzCase;
  }

  function signed(body: Buffer, event: string, extra: Record<string, string> = {}, key = secret): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-webhook-signature': hmac(key, body),
      'x-webhook-event': event,
      'x-webhook-message-id': messageId(),
      'x-webhook-event-timestamp': '2026-09-27T20:16:26+00:00',
      ...extra,
    };
  }

  function mutateByte(body: Buffer): Buffer {
    const copy = Buffer.from(body);
    const at = int(copy.length);
    switch (int(3)) {
      case 0:
        copy[at] = copy[at]! ^ (1 + int(255));
        return copy;
      case 1:
        return Buffer.concat([copy.subarray(0, at), Buffer.from([int(256)]), copy.subarray(at)]);
      default:
        return Buffer.concat([copy.subarray(0, at), copy.subarray(at + 1)]);
    }
  }

  const makers: [string, () => FuzzCase][] = [
    ['valid', () => { const b = pick(bases); return finish('valid', 'POST', '/webhooks/systeme', signed(b.body, b.event), b.body); }],
    ['valid-per-event-route', () => {
      const b = pick(bases);
      const url = `/webhooks/systeme/${kebab(b.event)}`;
      return finish('valid-per-event-route', 'POST', url, signed(b.body, b.event, {}, routeSecrets(url, b.event)[0]), b.body);
    }],
    ['valid-old-secret-uppercase', () => {
      const b = pick(bases);
      const headers = signed(b.body, b.event, {}, options.secrets.at(-1));
      headers['x-webhook-signature'] = ` ${headers['x-webhook-signature']!.toUpperCase()} `;
      return finish('valid-old-secret-uppercase', 'POST', '/webhooks/systeme', headers, b.body);
    }],
    ['replay', () => {
      const earlier = sent.length > 0 ? pick(sent) : undefined;
      if (!earlier) return makers[0]![1]();
      return finish('replay', earlier.method, earlier.url, { ...earlier.headers }, earlier.body);
    }],
    ['per-event-route-master-secret', () => { const b = pick(bases); return finish('per-event-route-master-secret', 'POST', `/webhooks/systeme/${kebab(b.event)}`, signed(b.body, b.event), b.body); }],
    ['event-header-mismatch', () => {
      const url = '/webhooks/systeme/sale-new';
      const b = bases[0]!;
      return finish('event-header-mismatch', 'POST', url, signed(b.body, 'CONTACT_CREATED', {}, routeSecrets(url, 'SALE_NEW')[0]), b.body);
    }],
    ['wrong-signature', () => { const b = pick(bases); return finish('wrong-signature', 'POST', '/webhooks/systeme', signed(b.body, b.event, { 'x-webhook-signature': hmac(String(random()), b.body) }), b.body); }],
    ['truncated-signature', () => {
      const b = pick(bases);
      const headers = signed(b.body, b.event);
      headers['x-webhook-signature'] = headers['x-webhook-signature']!.slice(0, int(64));
      return finish('truncated-signature', 'POST', '/webhooks/systeme', headers, b.body);
    }],
    ['signature-decorated', () => {
      const b = pick(bases);
      const headers = signed(b.body, b.event);
      headers['x-webhook-signature'] = pick(['sha256=', 'v1,', '', '0x'])! + headers['x-webhook-signature'] + pick(['', 'ff', ',deadbeef'])!;
      return finish('signature-decorated', 'POST', '/webhooks/systeme', headers, b.body);
    }],
    ['unknown-secret', () => { const b = pick(bases); return finish('unknown-secret', 'POST', '/webhooks/systeme', signed(b.body, b.event, {}, 'not-a-configured-secret'), b.body); }],
    ['one-byte-off', () => { const b = pick(bases); return finish('one-byte-off', 'POST', '/webhooks/systeme', signed(b.body, b.event), mutateByte(b.body)); }],
    ['wrong-content-type', () => {
      const b = pick(bases);
      const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/jsonx', '']);
      return finish('wrong-content-type', 'POST', '/webhooks/systeme', signed(b.body, b.event, { 'content-type': type }), b.body);
    }],
    ['truncated-json-signed', () => { const b = pick(bases); const body = b.body.subarray(0, int(b.body.length)); return finish('truncated-json-signed', 'POST', '/webhooks/systeme', signed(body, b.event), body); }],
    ['absurd-payload-signed', () => { const body = Buffer.from(pick(ABSURD_BODIES)(random)); return finish('absurd-payload-signed', 'POST', '/webhooks/systeme', signed(body, pick(EVENTS)), body); }],
    ['absurd-payload-unsigned', () => { const body = Buffer.from(pick(ABSURD_BODIES)(random)); return finish('absurd-payload-unsigned', 'POST', '/webhooks/systeme', signed(body, pick(EVENTS), { 'x-webhook-signature': hmac('wrong', body) }), body); }],
    ['invalid-utf8-signed', () => {
      const b = pick(bases);
      const at = b.body.indexOf('"email":"') + 9;
      const body = Buffer.concat([b.body.subarray(0, at), Buffer.from(pick([[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]])), b.body.subarray(at)]);
      return finish('invalid-utf8-signed', 'POST', '/webhooks/systeme', signed(body, b.event), body);
    }],
    ['huge-headers', () => {
      const b = pick(bases);
      const big = 'x'.repeat(8_000 + int(60_000));
      return finish('huge-headers', 'POST', '/webhooks/systeme', signed(b.body, b.event, pick<Record<string, string>>([{ 'x-junk': big }, { 'x-webhook-message-id': big }, { 'x-webhook-event-timestamp': big }])), b.body);
    }],
    ['unknown-or-missing-event', () => {
      const b = pick(bases);
      const headers = signed(b.body, pick(['SALE_REFUNDED', 'contact_created', ' CONTACT_CREATED ', 'CONTACT_CREATED, SALE_NEW', '__proto__', 'constructor', 'x'.repeat(500)]));
      if (random() < 0.3) delete headers['x-webhook-event'];
      return finish('unknown-or-missing-event', 'POST', '/webhooks/systeme', headers, b.body);
    }],
    ['absurd-message-id', () => {
      const b = pick(bases);
      const id = pick(['', ' ', '__proto__', 'constructor', 'ünïcødé-✓', '../../etc/passwd', '0', 'x'.repeat(5_000), '*', '{}']);
      return finish('absurd-message-id', 'POST', '/webhooks/systeme', signed(b.body, b.event, { 'x-webhook-message-id': id }), b.body);
    }],
    ['random-garbage', () => {
      const body = Buffer.from(Array.from({ length: int(2_000) }, () => int(256)));
      const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/octet-stream']), 'x-webhook-event': pick(EVENTS) };
      if (random() < 0.5) headers['x-webhook-signature'] = hmac(String(random()), body);
      return finish('random-garbage', 'POST', '/webhooks/systeme', headers, body);
    }],
    ['odd-route-or-method', () => {
      const b = pick(bases);
      const url = pick(['/webhooks/systeme/unknown-event', '/webhooks/systeme/../systeme', '/webhooks/systeme?x=1', '/webhooks/SYSTEME', '/webhooks/systeme/%00', '/webhooks/systeme/constructor', '/webhooks/systeme/__proto__']);
      const method = pick(['POST', 'POST', 'PUT', 'GET', 'DELETE', 'PATCH']);
      return finish('odd-route-or-method', method, url, signed(b.body, b.event), method === 'GET' ? Buffer.alloc(0) : b.body);
    }],
  ];

  return {
    next(): FuzzCase {
      // About 30% is well-formed traffic, so hostile requests interleave with real work.
      return random() < 0.25 ? makers[0]![1]() : pick(makers)[1]();
    },
  };
}
