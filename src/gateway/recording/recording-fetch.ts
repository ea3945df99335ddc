import { acceptedWrite } from './accepted-writes.js';
import type { Placeholders } from './placeholders.js';

/** One call the gateway made through a recording fetch. */
export interface RecordedCall {
  method: string;
  /** Path and query, e.g. `/api/tags?query=Customers&limit=100`. */
  path: string;
  body?: unknown;
  /** `METHOD /path?query {body}`, placeholder ids shown as what they stand for. */
  text: string;
}

export interface RecordingFetchOptions {
  /** Answers a read (GET): the real API's `fetch` for a dry run, or made-up answers for a plan. */
  read(url: URL, init: RequestInit): Promise<Response>;
  /** Gets every call, reads and writes, in order. */
  record(call: RecordedCall): void;
  placeholders: Placeholders;
}

/**
 * A `fetch` for the gateway that sends no write: reads go to `read`, writes are recorded and
 * answered as the API would accept them. The gateway above it is the real one, so what is
 * recorded is exactly what would be sent (paths, queries, bodies).
 */
export function recordingFetch(options: RecordingFetchOptions): typeof globalThis.fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    // Through Maton the API's paths sit under a prefix (`/systeme/api/…`): recorded without it.
    const apiPath = url.pathname.replace(/^.*?(?=\/api\/)/, '');
    const path = `${apiPath}${url.search}`;
    const text = options.placeholders.show(`${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    options.record({ method, path, ...(body === undefined ? {} : { body }), text });
    if (method === 'GET') return options.read(url, init);
    return acceptedWrite({ method, path: apiPath, body }, options.placeholders);
  };
}

/**
 * A recorded call for a log line: method and path, and the body with every string value replaced
 * by its length. Written values (tag names, field values) can come from the payload (names,
 * emails), which logs never hold.
 */
export function callForLog(call: RecordedCall): string {
  if (call.body === undefined) return `${call.method} ${call.path}`;
  const body = JSON.stringify(call.body, (_key, value: unknown) => (typeof value === 'string' ? `(${value.length} characters)` : value));
  return `${call.method} ${call.path} ${body}`;
}
