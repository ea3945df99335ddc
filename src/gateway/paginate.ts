import { z } from 'zod';
import type { Logger } from 'pino';
import { checkInput } from './check-input.js';
import { ValidationError } from './errors.js';
import { pageSchema, type Page, type PageOrder } from './schemas/common.js';
import type { Transport } from './transport.js';

/** Page size asked for first. Default of every listing: 100, the API's maximum. */
export const DEFAULT_PAGE_SIZE = 100;

// docs/systeme-io.md#page-size-fallback: some endpoints reportedly answer 422 to limit=100; these are tried next (the API's minimum is 10).
const SMALLER_SIZES = [50, 20, 10];
const limitSchema = z.number().int().min(10).max(100).optional();

export interface ListRequest {
  operation: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Page size asked for first, 10–100 (docs/systeme-io.md#pagination). Default 100. */
  limit?: number | undefined;
  order?: PageOrder | undefined;
  signal?: AbortSignal | undefined;
}

/** The sizes to try in turn, starting with `first`. */
export function pageSizes(first: number): number[] {
  return [first, ...SMALLER_SIZES.filter((size) => size < first)];
}

/** A 422 that may be about the page size: it names `limit`, or names nothing at all. */
export function isPageSizeRejection(error: unknown): boolean {
  if (!(error instanceof ValidationError)) return false;
  return error.violations.length === 0 || error.violations.some((v) => v.propertyPath === 'limit');
}

export type Paginator = ReturnType<typeof createPaginator>;

/** Cursor pagination with the page-size fallback; remembers, per operation, the size that worked. */
export function createPaginator(transport: Transport, logger?: Logger) {
  const accepted = new Map<string, number>();

  async function page<T>(item: z.ZodType<T>, request: ListRequest, startingAfter?: number): Promise<Page<T>> {
    const asked = checkInput(request.operation, limitSchema, request.limit);
    const first = Math.min(asked ?? DEFAULT_PAGE_SIZE, accepted.get(request.operation) ?? Infinity);
    const sizes = pageSizes(first);
    for (let index = 0; ; index += 1) {
      const limit = sizes[index] as number;
      const query = { ...request.query, limit, order: request.order, startingAfter };
      try {
        const result = await transport.call({ operation: request.operation, method: 'GET', path: request.path, query, signal: request.signal }, pageSchema(item));
        if (index > 0) accepted.set(request.operation, limit);
        return result;
      } catch (error) {
        if (index === sizes.length - 1 || !isPageSizeRejection(error)) throw error;
        logger?.debug({ operation: request.operation, limit, next: sizes[index + 1] }, 'page size refused, trying a smaller one');
      }
    }
  }

  return {
    page,
    /** Every item of every page: the cursor is the last item's id (docs/systeme-io.md#pagination). */
    async *list<T extends { id: number }>(item: z.ZodType<T>, request: ListRequest): AsyncGenerator<T, void, undefined> {
      let cursor: number | undefined;
      for (;;) {
        const { items, hasMore } = await page(item, request, cursor);
        yield* items;
        const last = items.at(-1);
        // A cursor that does not move would loop for ever: stop rather than trust hasMore.
        if (!hasMore || last === undefined || last.id === cursor) return;
        cursor = last.id;
      }
    },
    /** For listings the OpenAPI document gives no cursor (contact fields, webhooks): one request. */
    async *single<T>(item: z.ZodType<T>, request: ListRequest): AsyncGenerator<T, void, undefined> {
      const { items, hasMore } = await transport.call(
        { operation: request.operation, method: 'GET', path: request.path, query: request.query, signal: request.signal },
        pageSchema(item),
      );
      if (hasMore) logger?.warn({ operation: request.operation, count: items.length }, 'the API says there is more, but documents no cursor for it');
      yield* items;
    },
  };
}
