import { describe, expect, it } from 'vitest';
import { createUuidV7, uuidV7Time } from '../../src/sim/uuid-v7.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createUuidV7', () => {
  it('writes RFC 9562 version-7 ids carrying the current millisecond', () => {
    const uuid = createUuidV7(() => 1_790_000_000_123);
    const id = uuid();
    expect(id).toMatch(UUID_V7);
    expect(uuidV7Time(id)).toBe(1_790_000_000_123);
  });

  it('sorts ids made within one millisecond in generation order, and never repeats', () => {
    const uuid = createUuidV7(() => 1_790_000_000_000);
    const ids = Array.from({ length: 5000 }, () => uuid());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('keeps ordering when the clock goes backwards', () => {
    const times = [2000, 1000, 1000];
    const uuid = createUuidV7(() => times.shift() ?? 1000);
    const ids = [uuid(), uuid(), uuid()];
    expect([...ids].sort()).toEqual(ids);
  });
});
