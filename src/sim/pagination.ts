import { CODES, unprocessable, type Violation } from './errors.js';

/**
 * The OpenAPI bounds `limit` to 10–100 but publishes no default; 50 is our choice. The order
 * defaults to `desc` as the API's introduction states (docs/systeme-io.md#pagination).
 */
export const DEFAULT_LIMIT = 50;
export const MIN_LIMIT = 10;
export const MAX_LIMIT = 100;

export interface PageQuery {
  limit: number;
  startingAfter: number | undefined;
  order: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Reads `limit`, `startingAfter` and `order`; out-of-range values are a 422 naming the parameter. */
export function parsePageQuery(query: URLSearchParams): PageQuery {
  const violations: Violation[] = [];
  const rawLimit = query.get('limit') || undefined;
  const rawAfter = query.get('startingAfter') || undefined;
  const rawOrder = query.get('order') || undefined;
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= MIN_LIMIT && limit <= MAX_LIMIT)) {
      violations.push({ propertyPath: 'limit', message: `This value should be between ${MIN_LIMIT} and ${MAX_LIMIT}.`, code: CODES.range });
    }
  }
  let startingAfter: number | undefined;
  if (rawAfter !== undefined) {
    if (/^\d{1,15}$/.test(rawAfter)) startingAfter = Number(rawAfter);
    else violations.push({ propertyPath: 'startingAfter', message: 'This value should be of type int.', code: CODES.type });
  }
  if (rawOrder !== undefined && rawOrder !== 'asc' && rawOrder !== 'desc') {
    violations.push({ propertyPath: 'order', message: 'The value you selected is not a valid choice.', code: CODES.choice });
  }
  if (violations.length > 0) throw unprocessable(violations);
  return { limit, startingAfter, order: rawOrder === 'asc' ? 'asc' : 'desc' };
}

/** Cursor pagination over integer ids: the cursor is the id of the last item seen, which need not still exist. */
export function paginate<T extends { id: number }>(records: Iterable<T>, page: PageQuery): Page<T> {
  const sorted = [...records].sort((a, b) => (page.order === 'asc' ? a.id - b.id : b.id - a.id));
  const after = page.startingAfter;
  const rest =
    after === undefined ? sorted : sorted.filter((record) => (page.order === 'asc' ? record.id > after : record.id < after));
  return { items: rest.slice(0, page.limit), hasMore: rest.length > page.limit };
}
