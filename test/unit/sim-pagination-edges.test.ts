import { describe, expect, it } from 'vitest';
import { SimHttpError } from '../../src/sim/errors.js';
import { paginate, parsePageQuery } from '../../src/sim/pagination.js';

function refusal(query: string): { status: number; body: unknown } | undefined {
  try {
    parsePageQuery(new URLSearchParams(query));
  } catch (error) {
    if (error instanceof SimHttpError) return { status: error.status, body: error.body };
    throw error;
  }
  return undefined;
}

describe('parsePageQuery: the cursor and the order', () => {
  it('takes a cursor of 1 to 15 digits', () => {
    expect(parsePageQuery(new URLSearchParams('startingAfter=7')).startingAfter).toBe(7);
    expect(parsePageQuery(new URLSearchParams('startingAfter=123456789012345')).startingAfter).toBe(123456789012345);
  });

  it.each([['x7'], ['7x'], ['1234567890123456'], ['-7'], ['7.5']])('refuses the cursor %j as Symfony does', (cursor) => {
    expect(refusal(`startingAfter=${cursor}`)).toEqual({
      status: 422,
      body: expect.objectContaining({
        violations: [{ propertyPath: 'startingAfter', message: 'This value should be of type int.', code: expect.any(String) }],
      }),
    });
  });

  it('takes asc and desc, and refuses anything else by name', () => {
    expect(parsePageQuery(new URLSearchParams('order=desc')).order).toBe('desc');
    expect(parsePageQuery(new URLSearchParams('order=asc')).order).toBe('asc');
    expect(refusal('order=DESC')).toEqual({
      status: 422,
      body: expect.objectContaining({ violations: [{ propertyPath: 'order', message: 'The value you selected is not a valid choice.', code: expect.any(String) }] }),
    });
  });
});

describe('paginate: records in any order', () => {
  const shuffled = [{ id: 5 }, { id: 1 }, { id: 9 }, { id: 3 }, { id: 7 }];

  it('sorts descending by default and ascending on request', () => {
    expect(paginate(shuffled, { limit: 10, startingAfter: undefined, order: 'desc' }).items.map((r) => r.id)).toEqual([9, 7, 5, 3, 1]);
    expect(paginate(shuffled, { limit: 10, startingAfter: undefined, order: 'asc' }).items.map((r) => r.id)).toEqual([1, 3, 5, 7, 9]);
  });

  it('continues after the cursor in either direction', () => {
    expect(paginate(shuffled, { limit: 2, startingAfter: 7, order: 'desc' })).toEqual({ items: [{ id: 5 }, { id: 3 }], hasMore: true });
    expect(paginate(shuffled, { limit: 2, startingAfter: 3, order: 'asc' })).toEqual({ items: [{ id: 5 }, { id: 7 }], hasMore: true });
  });
});
