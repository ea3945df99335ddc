import { describe, expect, it } from 'vitest';
import { compactId, newJobId, optionSafe } from '../../src/queue/compact-id.js';

describe('compact ids for what Redis keeps per delivery', () => {
  it('turns any message id into the same 22 base64url characters, different ids into different ones', () => {
    const id = '0192f1c4-8a7b-7cde-9f01-23456789abcd';
    expect(compactId(id)).toMatch(/^[\w-]{22}$/);
    expect(compactId(id)).toBe(compactId(id));
    expect(compactId(`${id}x`)).not.toBe(compactId(id));
    expect(compactId('x'.repeat(10_000))).toHaveLength(22);
    expect(new Set(Array.from({ length: 10_000 }, (_, i) => compactId(`message-${i}`))).size).toBe(10_000);
  });

  it('makes job ids BullMQ accepts (no colon), each new', () => {
    const ids = Array.from({ length: 1000 }, newJobId);
    for (const id of ids) expect(id).toMatch(/^[\w-]{22}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  it('makes job ids a command line never reads as an option: none begins with "-"', () => {
    // One random id in 64 began with '-' before: 20,000 would have held about 300.
    const ids = Array.from({ length: 20_000 }, newJobId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.filter((id) => id.startsWith('0')).length).toBeGreaterThan(0);
    expect(optionSafe('-a9abfzcNBgo7PDH92Go0Q')).toBe('0a9abfzcNBgo7PDH92Go0Q');
    expect(optionSafe('a9abfzcNBgo7-PDH92Go0Q')).toBe('a9abfzcNBgo7-PDH92Go0Q');
  });
});
