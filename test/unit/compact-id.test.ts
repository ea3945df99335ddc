import { describe, expect, it } from 'vitest';
import { compactId, newJobId } from '../../src/queue/compact-id.js';

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
});
