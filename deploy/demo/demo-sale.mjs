// The last step of `docker compose --profile demo up`: makes a sale in the simulator and waits
// for the worker's reactions from rules.example.yaml ("buyers-get-the-course") to show up in the
// simulated account: two tags, a course enrollment, a community membership and a custom field.
// Plain Node, no dependencies. Reads SYSTEME_API_URL (the simulator) and SYSTEME_API_KEY.
// Exit 0 when every reaction is there, 1 when one is still missing after DEMO_TIMEOUT_MS.

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
console.log(`sale: ${JSON.stringify(await sale.json())}`);

const deadline = Date.now() + timeoutMs;
let last;
for (;;) {
  last = await state();
  if (done(last)) break;
  if (Date.now() > deadline) {
    console.error(`after ${timeoutMs} ms some reactions are missing: ${JSON.stringify(last)}`);
    console.error('look at the demo-worker logs (docker compose --profile demo logs demo-worker)');
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
console.log(`after:  ${JSON.stringify(last)}`);
console.log('the sale became tags, a course enrollment, a community membership and a custom field');
