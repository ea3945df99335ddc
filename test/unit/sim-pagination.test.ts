import { describe, expect, it } from 'vitest';
import { SimHttpError } from '../../src/sim/errors.js';
import { paginate, parsePageQuery } from '../../src/sim/pagination.js';

const records = Array.from({ length: 25 }, (_, index) => ({ id: (index + 1) * 3 }));

function violationsOf(query: string): unknown {
  try {
    parsePageQuery(new URLSearchParams(query));
  } catch (error) {
    return error instanceof SimHttpError ? { status: error.status, body: error.body } : error;
  }
  return undefined;
}

describe('parsePageQuery', () => {
  it('defaults to 50 items in descending order', () => {
    expect(parsePageQuery(new URLSearchParams(''))).toEqual({ limit: 50, startingAfter: undefined, order: 'desc' });
    expect(parsePageQuery(new URLSearchParams('limit=&order='))).toEqual({ limit: 50, startingAfter: undefined, order: 'desc' });
  });

  it('accepts the documented bounds 10 and 100', () => {
    expect(parsePageQuery(new URLSearchParams('limit=10')).limit).toBe(10);
    expect(parsePageQuery(new URLSearchParams('limit=100&order=asc&startingAfter=7'))).toEqual({ limit: 100, startingAfter: 7, order: 'asc' });
  });

  it.each(['limit=9', 'limit=101', 'limit=abc', 'limit=20.5'])('rejects %s with a 422 naming limit', (query) => {
    expect(violationsOf(query)).toMatchObject({ status: 422, body: { violations: [{ propertyPath: 'limit', message: 'This value should be between 10 and 100.' }] } });
  });

  it('rejects an unknown order and a non-integer cursor', () => {
    expect(violationsOf('order=up&startingAfter=x')).toMatchObject({
      status: 422,
      body: { violations: [{ propertyPath: 'startingAfter' }, { propertyPath: 'order' }] },
    });
  });
});

describe('paginate', () => {
  it('walks every record once, descending, with the last id as cursor', () => {
    const seen: number[] = [];
    let startingAfter: number | undefined;
    let pages = 0;
    for (;;) {
      const page = paginate(records, { limit: 10, startingAfter, order: 'desc' });
      seen.push(...page.items.map((r) => r.id));
      pages += 1;
      if (!page.hasMore) break;
      startingAfter = page.items.at(-1)!.id;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(records.map((r) => r.id).reverse());
  });

  it('walks ascending and accepts a cursor that names no record', () => {
    const page = paginate(records, { limit: 10, startingAfter: 4, order: 'asc' });
    expect(page.items.map((r) => r.id)).toEqual([6, 9, 12, 15, 18, 21, 24, 27, 30, 33]);
    expect(page.hasMore).toBe(true);
    expect(paginate(records, { limit: 10, startingAfter: 75, order: 'asc' })).toEqual({ items: [], hasMore: false });
  });

  it('says hasMore false when the last page is exactly full', () => {
    expect(paginate(records.slice(0, 20), { limit: 10, startingAfter: 30, order: 'asc' }).hasMore).toBe(false);
  });
});
