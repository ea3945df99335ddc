import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_ACTIONS } from '../../src/actions/built-in.js';
import { planEvent } from '../../src/actions/plan/plan-event.js';
import { createActionRegistry } from '../../src/actions/registry.js';
import { normalisePayload } from '../../src/events/normalise.js';
import { parseRules } from '../../src/rules/parse-rules.js';
import { stampField } from '../fixtures/actions/stamp-field.js';
import { SEED, salePayload, startPipeline, type Pipeline } from '../helpers/pipeline.js';

// A ninth action is one module (test/fixtures/actions/stamp-field.ts) plus one line: registering it.
const actions = createActionRegistry([...BUILT_IN_ACTIONS, stampField]);
const RULES = `rules:
  - name: first-purchase
    on: SALE_NEW
    do:
      - stamp_field: { slug: customer_since, text: "{{order.createdAt}}" }
`;

describe('a ninth action, added as one module and registered', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('is parsed from a rules file, with its templates checked at load; unknown without registering it', () => {
    const parsed = parseRules(RULES, 'rules.yaml', actions);
    expect(parsed.ok && parsed.ruleSet.rules[0]?.actions).toEqual([{ type: 'stamp_field', slug: 'customer_since', text: '{{order.createdAt}}' }]);
    const problem =
      'rules[0].do[0].stamp_field.text: placeholder {{order.createdAt}}: "order" exists only in SALE_NEW and SALE_CANCELED events, and this rule listens to CONTACT_CREATED';
    expect(parseRules(RULES.replace('SALE_NEW', 'CONTACT_CREATED'), 'rules.yaml', actions)).toEqual({
      ok: false,
      errors: [problem],
      // The place in the YAML text too: the new action's field, line and column.
      located: [`line 5:46: ${problem}`],
    });
    const unregistered = parseRules(RULES);
    expect(unregistered.ok).toBe(false);
    expect(!unregistered.ok && unregistered.errors[0]).toContain('rules[0].do[0].stamp_field: unknown action');
  });

  it('is run by the worker: read, then write only what is missing', async () => {
    pipeline = await startPipeline({ rules: RULES, seed: SEED, actions });
    const first = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com')));
    expect(await first.getState()).toBe('completed');
    expect(first.returnvalue.actions).toEqual([{ rule: 'first-purchase', index: 0, type: 'stamp_field', outcome: 'done' }]);
    const contact = await pipeline.api.contacts.get(501);
    expect(contact.fields.find((field) => field.slug === 'customer_since')?.value).toBe('2026-09-27T20:16:26+00:00');
    const again = await pipeline.settle(await pipeline.deliver('SALE_NEW', salePayload(501, 'ann@example.com', 3456, 778)));
    expect(again.returnvalue.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['already']);
  });

  it('is explained: described in its own words, its calls planned by running it', async () => {
    const parsed = parseRules(RULES, 'rules.yaml', actions);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const data = normalisePayload('SALE_NEW', salePayload(501, 'ann@example.com'));
    if (!data.ok) throw new Error(data.error);
    expect(await planEvent(parsed.ruleSet, 'SALE_NEW', data.data)).toEqual([
      {
        rule: 'first-purchase',
        index: 0,
        action: 'stamp_field customer_since = "2026-09-27T20:16:26+00:00" (only while empty)',
        reads: ['GET /api/contacts/501'],
        writes: ['PATCH /api/contacts/501 {"fields":[{"slug":"customer_since","value":"2026-09-27T20:16:26+00:00"}]}'],
      },
    ]);
  });
});
