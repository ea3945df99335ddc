import { describe, expect, it } from 'vitest';
import { aboutOf, contactOf } from '../../src/history/contact-of.js';
import type { HistoryStep } from '../../src/history/history-entry.js';
import { pathTemplate } from '../../src/history/path-template.js';
import { buildTimeline } from '../../src/history/timeline.js';
import { html } from '../../src/http/html.js';

describe('html', () => {
  it('escapes every value, nests fragments, joins lists and drops empty values', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const item = (text: string) => html`<li>${text}</li>`;
    expect(html`<p title="${name}">${name}</p><ul>${['<a>', 'b'].map(item)}</ul>${undefined}${false}${null}`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p><ul><li>&lt;a&gt;</li><li>b</li></ul>',
    );
    // An object that merely looks like a fragment is text.
    expect(html`${{ text: '<b>' }}`.text).toBe('[object Object]');
  });
});

describe('pathTemplate', () => {
  it('replaces the ids in a path with {id}', () => {
    expect(pathTemplate('/api/contacts/123/tags/45')).toBe('/api/contacts/{id}/tags/{id}');
    expect(pathTemplate('/api/community/communities/77/memberships')).toBe('/api/community/communities/{id}/memberships');
    expect(pathTemplate('/api/contact_fields/customer_since')).toBe('/api/contact_fields/customer_since');
    expect(pathTemplate('/api/tags?query=vip')).toBe('/api/tags');
  });
});

describe('contactOf', () => {
  it('reads the contact of every payload shape, loosely', () => {
    expect(contactOf('SALE_NEW', { customer: { contactId: '12', email: 'a@b.c', fields: { first_name: 'Ann', surname: 'Lee' } } })).toEqual({ id: 12, email: 'a@b.c', name: 'Ann Lee' });
    expect(contactOf('CONTACT_TAG_ADDED', { contact: { contact: { id: 7, fields: [{ slug: 'first_name', value: 'Bo' }] } } })).toEqual({ id: 7, name: 'Bo' });
    expect(contactOf('CONTACT_CREATED', { contact: { id: -1 } })).toBeUndefined();
    expect(contactOf('CONTACT_CREATED', 'text')).toBeUndefined();
    expect(contactOf('CONTACT_CREATED', { contact: { id: 1, email: 'x'.repeat(1000) } })!.email).toHaveLength(200);
    expect(aboutOf('SALE_CANCELED', { pricePlan: { id: 3456, name: 'Monthly' }, orderItem: { id: 9 } })).toBe('price plan 3456 (Monthly), order item 9');
    expect(aboutOf('CONTACT_TAG_REMOVED', { tag: { id: 1, name: 'vip' } })).toBe('tag "vip"');
  });
});

describe('buildTimeline', () => {
  const step = (t: number, messageId: string, extra: Partial<HistoryStep> & Pick<HistoryStep, 'kind'>) =>
    ({ t, messageId, event: messageId.startsWith('s') ? 'SALE_NEW' : 'CONTACT_CREATED', ...extra }) as HistoryStep;
  const steps = [
    step(1, 'c1', { kind: 'delivery', answer: 'queued', status: 202, jobId: 'j1', contact: { id: 5, email: 'old@x.y' } } as never),
    step(2, 's1', { kind: 'delivery', answer: 'queued', status: 202, jobId: 'j2', contact: { id: 5, email: 'new@x.y', name: 'Ann' } } as never),
    step(3, 's1', { kind: 'attempt', jobId: 'j2', attempt: 1, attempts: 10, outcome: 'retry' } as never),
    step(4, 's1', { kind: 'delivery', answer: 'duplicate', status: 200, jobId: 'j2', contact: { id: 5 } } as never),
    step(5, 's1', { kind: 'attempt', jobId: 'j2', attempt: 2, attempts: 10, outcome: 'completed' } as never),
  ];

  it('groups steps by delivery, newest first, with the status of the last attempt', () => {
    const timeline = buildTimeline(5, steps);
    expect(timeline.deliveries.map((d) => [d.messageId, d.status, d.jobIds, d.steps.length])).toEqual([
      ['s1', 'completed', ['j2'], 4],
      ['c1', 'queued', ['j1'], 1],
    ]);
    expect(timeline.name).toBeUndefined();
    expect(buildTimeline(5, steps.slice(0, 2))).toMatchObject({ email: 'new@x.y', name: 'Ann' });
  });

  it('shows a job\'s arrival once, though a job retried by hand records it again', () => {
    const arrival = (t: number) => step(t, 's2', { kind: 'delivery', answer: 'queued', status: 202, jobId: 'j3', contact: { id: 5 } } as never);
    const timeline = buildTimeline(5, [arrival(1), step(2, 's2', { kind: 'attempt', jobId: 'j3', attempt: 1, attempts: 1, outcome: 'failed' } as never),
      arrival(1), step(9, 's2', { kind: 'attempt', jobId: 'j3', attempt: 1, attempts: 1, outcome: 'completed' } as never)]);
    expect(timeline.deliveries[0]!.steps.map((s) => s.kind)).toEqual(['delivery', 'attempt', 'attempt']);
    expect(timeline.deliveries[0]!.status).toBe('completed');
  });

  it('filters by event and by the time of a delivery\'s last step', () => {
    expect(buildTimeline(5, steps, { event: 'CONTACT_CREATED' }).deliveries.map((d) => d.messageId)).toEqual(['c1']);
    expect(buildTimeline(5, steps, { since: 5 }).deliveries.map((d) => [d.messageId, d.steps.length])).toEqual([['s1', 4]]);
  });
});
