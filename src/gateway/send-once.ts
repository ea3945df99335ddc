import { AbortedError, NetworkError, TimeoutError } from './errors.js';
import type { HeaderReader, HttpFetch } from './node-http-fetch.js';

export interface RawResponse {
  status: number;
  headers: HeaderReader;
  text: string;
}

export interface SendOnceOptions {
  operation: string;
  fetch: HttpFetch;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

// Errors raised while connecting: the request cannot have reached the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

/**
 * One HTTP attempt, body included, under its own timeout and the caller's signal. Throws
 * AbortedError (caller), TimeoutError (our timer) or NetworkError (no answer); any status is a result.
 */
export async function sendOnce(options: SendOnceOptions): Promise<RawResponse> {
  const { operation, signal } = options;
  if (signal?.aborted) throw new AbortedError(operation, signal.reason);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    const response = await options.fetch(options.url, { ...options.init, signal: controller.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(operation, signal.reason);
    if (timedOut) throw new TimeoutError(operation, options.timeoutMs);
    const code = errorCode((error as { cause?: unknown }).cause ?? error);
    const sent = code === undefined || !NOT_SENT_CODES.has(code);
    throw new NetworkError(
      operation,
      `${operation}: no answer from the Systeme.io API (${code ?? (error as Error).message}); check SYSTEME_API_URL and the network`,
      sent,
      error,
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}
