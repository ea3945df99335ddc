// The last step of `docker compose --profile demo up`: makes a sale in the simulator and waits
// for the worker's reactions from rules.example.yaml ("buyers-get-the-course") to show up in the
// simulated account: two tags, a course enrollment, a community membership and a custom field.
// Then refunds it (the subscription is cancelled) and waits for the access to be taken back.
// Plain Node, no dependencies. Reads SYSTEME_API_URL (the simulator) and SYSTEME_API_KEY.
// Exit 0 when both steps reached their state, 1 when one did not within DEMO_TIMEOUT_MS.

const api = (process.env.SYSTEME_API_URL ?? 'http://sim:4010').replace(/\/+$/, '');
const key = process.env.SYSTEME_API_KEY ?? 'demo-key';
const timeoutMs = Number(process.env.DEMO_TIMEOUT_MS ?? 60_000);

// Ann (contact 501) buys the monthly plan 3456 with course 680647: see examples/sim-seed.json.
const SALE = { contactId: 501, pricePlanId: 3456, courseId: 680647 };
const COMMUNITY = 77;

async function call(method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { 'x-api-key': key, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function state() {
  const contact = (await call('GET', `/api/contacts/${SALE.contactId}`)).body;
  const enrollments = (await call('GET', `/api/school/enrollments?contact=${SALE.contactId}`)).body?.items ?? [];
  const memberships = (await call('GET', `/api/community/memberships?contact=${SALE.contactId}`)).body?.items ?? [];
  const tags = (contact?.tags ?? []).map((tag) => tag.name);
  const customerSince = contact?.fields?.find((field) => field.slug === 'customer_since')?.value ?? null;
  return {
    tags,
    enrolled: enrollments.some((e) => e.course?.id === SALE.courseId),
    member: memberships.some((m) => m.community?.id === COMMUNITY),
    customerSince,
  };
}

const done = (s) =>
  s.tags.includes('Customers') && s.tags.includes(`plan-${SALE.pricePlanId}`) && s.enrolled && s.member && s.customerSince;

// rules.example.yaml sets the custom field customer_since, which the example seed lacks.
const field = await call('POST', '/api/contact_fields', { fieldName: 'Customer since', slug: 'customer_since' });
if (field.status !== 201 && field.status !== 422) throw new Error(`creating the customer_since field: HTTP ${field.status}`);

console.log(`before: ${JSON.stringify(await state())}`);
const sale = await fetch(`${api}/__sim/sales`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(SALE),
});
if (!sale.ok) throw new Error(`POST /__sim/sales: HTTP ${sale.status} ${await sale.text()}`);
const made = await sale.json();
console.log(`sale: ${JSON.stringify(made)}`);

async function until(predicate, step) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await state();
    if (predicate(now)) return now;
    if (Date.now() > deadline) {
      console.error(`after ${timeoutMs} ms ${step} is incomplete: ${JSON.stringify(now)}`);
      console.error('look at the demo-worker logs (docker compose --profile demo logs demo-worker)');
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const granted = await until(done, 'the sale');
console.log(`after the sale:   ${JSON.stringify(granted)}`);

const refund = await fetch(`${api}/__sim/cancellations`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ subscriptionId: made.subscriptionId }),
});
if (!refund.ok) throw new Error(`POST /__sim/cancellations: HTTP ${refund.status} ${await refund.text()}`);
console.log(`refund: subscription ${made.subscriptionId} cancelled`);
const revoked = await until((s) => !s.tags.includes('Customers') && !s.enrolled && !s.member, 'the refund');
console.log(`after the refund: ${JSON.stringify(revoked)}`);
console.log('the sale became tags, a course enrollment, a community membership and a custom field; the refund took the access back');
