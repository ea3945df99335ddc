import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/events/event-types.js';
import type { Webhook } from '../../src/gateway/index.js';
import { deriveEventSecret } from '../../src/http/signature.js';
import { assessStatus } from '../../src/cli/webhook/assess-status.js';
import { desiredWebhooks } from '../../src/cli/webhook/desired-webhooks.js';
import { secretFingerprint } from '../../src/cli/webhook/fingerprint.js';
import { parseWebhookName, routeOfUrl, webhookName } from '../../src/cli/webhook/naming.js';
import { planRegistration } from '../../src/cli/webhook/plan-registration.js';

const BASE_URL = 'https://hooks.example.com/webhooks/systeme';
const base = 'systeme-hooks';

function webhookFrom(want: { url: string; name: string; events: string[] }, id: string, extra: Partial<Webhook> = {}): Webhook {
  return {
    id,
    name: want.name,
    url: want.url,
    active: true,
    subscriptions: want.events.map((event, index) => ({ id: `${id}-${index}`, event, disabledAt: null, disabledReason: null })),
    ...extra,
  };
}

describe('secret fingerprint and names', () => {
  it('is 8 hex characters that change with the secret', () => {
    expect(secretFingerprint('s3cret')).toMatch(/^[0-9a-f]{8}$/);
    expect(secretFingerprint('s3cret')).toBe(secretFingerprint('s3cret'));
    expect(secretFingerprint('s3cret')).not.toBe(secretFingerprint('s3cret2'));
  });

  it('round-trips route and fingerprint through the name, and ignores foreign names', () => {
    expect(webhookName(base, 'SALE_NEW', 'a1b2c3d4')).toBe('systeme-hooks sale-new ·a1b2c3d4');
    expect(parseWebhookName(base, 'systeme-hooks sale-new ·a1b2c3d4')).toEqual({ route: 'SALE_NEW', fingerprint: 'a1b2c3d4' });
    expect(parseWebhookName(base, 'systeme-hooks ·a1b2c3d4')).toEqual({ route: 'single', fingerprint: 'a1b2c3d4' });
    expect(parseWebhookName(base, 'Zapier hook')).toBeUndefined();
    expect(parseWebhookName(base, 'systeme-hooks bogus-event ·a1b2c3d4')).toBeUndefined();
  });

  it('knows our URLs: the base URL and its per-event URLs only', () => {
    expect(routeOfUrl(BASE_URL, BASE_URL)).toBe('single');
    expect(routeOfUrl(BASE_URL, `${BASE_URL}/contact-opt-in`)).toBe('CONTACT_OPT_IN');
    expect(routeOfUrl(BASE_URL, `${BASE_URL}/other`)).toBeUndefined();
    expect(routeOfUrl(BASE_URL, 'https://elsewhere.example.com/webhooks/systeme')).toBeUndefined();
  });
});

describe('desiredWebhooks', () => {
  it('gives every event its own URL and derived secret by default', () => {
    const wanted = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm', events: ['SALE_NEW', 'SALE_CANCELED'], single: false });
    expect(wanted.map((w) => [w.url, w.events, w.secret])).toEqual([
      [`${BASE_URL}/sale-new`, ['SALE_NEW'], deriveEventSecret('m', 'SALE_NEW')],
      [`${BASE_URL}/sale-canceled`, ['SALE_CANCELED'], deriveEventSecret('m', 'SALE_CANCELED')],
    ]);
    expect(wanted[0]!.name).toBe(`systeme-hooks sale-new ·${secretFingerprint(deriveEventSecret('m', 'SALE_NEW'))}`);
  });

  it('keeps one webhook with the master secret in single mode', () => {
    const [single, ...rest] = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm', events: [...EVENT_TYPES], single: true });
    expect(rest).toEqual([]);
    expect(single).toMatchObject({ url: BASE_URL, secret: 'm', events: [...EVENT_TYPES], name: `systeme-hooks ·${secretFingerprint('m')}` });
  });
});

describe('planRegistration', () => {
  const wanted = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm', events: ['SALE_NEW', 'SALE_CANCELED'], single: false });
  const foreign = webhookFrom({ url: 'https://zapier.example.com/hook', name: 'Zapier', events: ['SALE_NEW'] }, 'f');

  it('creates what is missing and never touches foreign webhooks', () => {
    const plan = planRegistration([foreign], wanted, BASE_URL, base);
    expect(plan.steps.map((step) => step.action)).toEqual(['create', 'create']);
    expect(plan.elsewhere).toEqual([]);
  });

  it('leaves matching webhooks unchanged, deletes ours no longer wanted', () => {
    const existing = [
      webhookFrom(wanted[0]!, 'a'),
      webhookFrom(wanted[1]!, 'b'),
      webhookFrom({ url: `${BASE_URL}/contact-created`, name: 'systeme-hooks contact-created ·00000000', events: ['CONTACT_CREATED'] }, 'c'),
      foreign,
    ];
    const plan = planRegistration(existing, wanted, BASE_URL, base);
    expect(plan.steps.map((step) => [step.action, 'current' in step ? step.current.id : undefined])).toEqual([
      ['unchanged', 'a'],
      ['unchanged', 'b'],
      ['delete', 'c'],
    ]);
  });

  it('updates on a new secret, a disabled subscription, an inactive webhook or other events', () => {
    const rotated = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm2', events: ['SALE_NEW'], single: false });
    const disabled = webhookFrom(wanted[0]!, 'a', {
      active: false,
      subscriptions: [
        { id: 's1', event: 'SALE_NEW', disabledAt: '2026-01-01T00:00:00+00:00', disabledReason: 'BAD_SUCCESS_RATE' },
        { id: 's2', event: 'SALE_CANCELED', disabledAt: null, disabledReason: null },
      ],
    });
    const [step] = planRegistration([disabled], rotated, BASE_URL, base).steps;
    expect(step).toMatchObject({
      action: 'update',
      changes: ['secret changed (rotation): new secret set', 'activated (the webhook was inactive)', 'unsubscribed from SALE_CANCELED'],
      reactivate: [{ event: 'SALE_NEW', reason: 'BAD_SUCCESS_RATE' }],
    });
  });

  it('names webhooks of the same name prefix at other URLs, without touching them', () => {
    const other = webhookFrom({ url: 'https://staging.example.com/webhooks/systeme/sale-new', name: wanted[0]!.name, events: ['SALE_NEW'] }, 'x');
    expect(planRegistration([other], wanted, BASE_URL, base).elsewhere).toEqual([other]);
  });
});

describe('assessStatus', () => {
  const wanted = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm', events: ['SALE_NEW', 'SALE_CANCELED'], single: false });
  const healthy = wanted.map((w, i) => webhookFrom(w, `id${i}`));
  const input = { baseUrl: BASE_URL, base, wanted: ['SALE_NEW', 'SALE_CANCELED'] as const, secrets: ['m'], allowSingleSecretRoute: true };

  it('is healthy when every wanted event reaches an accepting route with the current secret', () => {
    const report = assessStatus({ ...input, wanted: [...input.wanted], webhooks: healthy });
    expect(report).toMatchObject({ healthy: true, covered: ['SALE_NEW', 'SALE_CANCELED'], problems: [] });
    expect(report.webhooks.map((w) => w.secret)).toEqual(['current', 'current']);
  });

  it('reports missing webhooks, disabled subscriptions and uncovered events', () => {
    expect(assessStatus({ ...input, wanted: [...input.wanted], webhooks: [] }).problems[0]).toContain('no webhook of ours');
    const disabled = [
      { ...healthy[0]!, subscriptions: [{ id: 's', event: 'SALE_NEW', disabledAt: '2026-01-01T00:00:00+00:00', disabledReason: 'BAD_SUCCESS_RATE' }] },
      healthy[1]!,
    ];
    const report = assessStatus({ ...input, wanted: [...input.wanted], webhooks: disabled });
    expect(report.healthy).toBe(false);
    expect(report.problems.join('\n')).toMatch(/subscription SALE_NEW disabled \(BAD_SUCCESS_RATE\)/);
    expect(report.problems.join('\n')).toMatch(/SALE_NEW is wanted but no active webhook of ours delivers it/);
  });

  it('checks the secret fingerprint against every configured secret', () => {
    expect(assessStatus({ ...input, wanted: [...input.wanted], webhooks: healthy, secrets: ['new', 'm'] }).webhooks[0]!.secret).toBe('older');
    const mismatch = assessStatus({ ...input, wanted: [...input.wanted], webhooks: healthy, secrets: ['other'] });
    expect(mismatch.healthy).toBe(false);
    expect(mismatch.webhooks[0]!.secret).toBe('mismatch');
  });

  it('flags a single-route webhook when the single-secret route is turned off', () => {
    const [single] = desiredWebhooks({ baseUrl: BASE_URL, base, masterSecret: 'm', events: ['SALE_NEW'], single: true });
    const report = assessStatus({ ...input, wanted: ['SALE_NEW'], webhooks: [webhookFrom(single!, 's')], allowSingleSecretRoute: false });
    expect(report.problems.join('\n')).toContain('off unless ALLOW_SINGLE_SECRET_ROUTE=true');
  });
});
