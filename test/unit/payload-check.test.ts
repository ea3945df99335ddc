import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/events/event-types.js';
import { payloadPassesSchema } from '../../src/events/payload-check.js';
import { payloadSchemas } from '../../src/events/payload-schemas.js';
import { fixtureBody } from '../helpers/deliveries.js';

const PALETTE: unknown[] = [
  null, 0, -1, 1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, Infinity, '1', '01', '0', '-1', '1234567890123456', '12345678901234567', 'abc', '', ' 1',
  true, [], {}, [{ id: 1, name: 'x' }], [{ id: 1 }], { id: 1 }, { id: '7', name: 'n' }, { id: 1, name: 2 }, { contact: { id: 1 } }, { contact: { id: 0 } },
];

const BASES: unknown[] = [
  { contact: { id: 1, email: 'a@example.com', tags: [{ id: 2, name: 't' }], fields: { x: 1 } } },
  { contact: { contact: { id: '3', email: 'b@example.com' } }, tag: { id: 4, name: 'vip' } },
  { contact: { id: 5 }, tag: { id: '6', name: 'n' } },
  ...['sale-new.json', 'contact-created.json', 'contact-tag-added-double-nested.json'].map((name) => JSON.parse(fixtureBody(name).toString()) as unknown),
  { customer: { contactId: 9 }, order: null, orderItem: null, pricePlan: null },
];

/** The value, then copies with one place (any depth, array items too) deleted or replaced by each palette value. */
function* variants(value: unknown): Generator<unknown> {
  yield value;
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value);
  for (const [key, child] of entries) {
    const withChild = (next: unknown, remove = false) => {
      if (Array.isArray(value)) {
        const copy = [...value] as unknown[];
        if (remove) copy.splice(Number(key), 1);
        else copy[Number(key)] = next;
        return copy;
      }
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (remove) delete copy[key];
      else copy[key] = next;
      return copy;
    };
    yield withChild(undefined, true);
    for (const replacement of PALETTE) yield withChild(replacement);
    for (const inner of variants(child)) if (inner !== child) yield withChild(inner);
  }
}

describe('the payload check without a zod parse', () => {
  it('gives the same verdict as the event schemas on every variant of real and edge payloads', () => {
    let checked = 0;
    let accepted = 0;
    const disagreements: string[] = [];
    for (const type of EVENT_TYPES) {
      for (const payload of [null, [], 'text', 1, ...BASES.flatMap((base) => [...variants(base)])]) {
        const expected = payloadSchemas[type].safeParse(payload).success;
        checked += 1;
        if (expected) accepted += 1;
        if (payloadPassesSchema(type, payload) !== expected) disagreements.push(`${type} ${JSON.stringify(payload)} (schema: ${expected})`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The corpus has both verdicts in number, so agreeing is not trivial.
    expect(checked).toBeGreaterThan(5000);
    expect(accepted).toBeGreaterThan(500);
    expect(checked - accepted).toBeGreaterThan(500);
  });
});
