import { AppError } from '../common/app-error.js';

/** One entry of a 422 body (docs/systeme-io.md#errors: `violations: [{propertyPath, message, code}]`). */
export interface Violation {
  propertyPath: string;
  message: string;
  code: string;
}

interface ErrorInit {
  operation: string;
  status?: number | undefined;
  retryable: boolean;
  cause?: unknown;
}

/**
 * Every failure of a gateway call. `code` is stable (switch on it, not on the message),
 * `status` is the HTTP status when there was an answer, `retryable` says whether trying the
 * same thing later can succeed (the worker's long-horizon retry; the gateway's own brief
 * retries are decided by `shouldRetry`), `operation` names the call, e.g. `contacts.get`.
 */
export class SystemeApiError extends AppError {
  readonly operation: string;

  constructor(code: string, message: string, init: ErrorInit) {
    super(code, message, { status: init.status, retryable: init.retryable, cause: init.cause });
    this.name = 'SystemeApiError';
    this.operation = init.operation;
  }
}

/** 429: the account's quota is spent. Never slept on inside the gateway: the caller decides. */
export class RateLimitedError extends SystemeApiError {
  constructor(operation: string, message: string, readonly retryAfterMs: number) {
    super('API_RATE_LIMITED', message, { operation, status: 429, retryable: true });
    this.name = 'RateLimitedError';
  }
}

/** 422: the API rejected the request's content; `violations` says which property and why. */
export class ValidationError extends SystemeApiError {
  constructor(operation: string, message: string, readonly violations: Violation[]) {
    super('API_VALIDATION_FAILED', message, { operation, status: 422, retryable: false });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends SystemeApiError {
  constructor(operation: string, message: string) {
    super('API_NOT_FOUND', message, { operation, status: 404, retryable: false });
    this.name = 'NotFoundError';
  }
}

/** 401/403: the key is wrong, revoked or lacks a permission. */
export class UnauthorizedError extends SystemeApiError {
  constructor(operation: string, status: number, message: string) {
    super('API_UNAUTHORIZED', message, { operation, status, retryable: false });
    this.name = 'UnauthorizedError';
  }
}

/** Maton mode: the gateway has no Systeme.io connection to forward the call through. */
export class MatonConnectionError extends SystemeApiError {
  constructor(operation: string, status: number, message: string) {
    super('API_MATON_CONNECTION_MISSING', message, { operation, status, retryable: false });
    this.name = 'MatonConnectionError';
  }
}

/** 5xx: a fault on the API's side. `retryAfterMs` comes from a `Retry-After` header, if any. */
export class ServerError extends SystemeApiError {
  constructor(operation: string, status: number, message: string, readonly retryAfterMs?: number) {
    super('API_SERVER_ERROR', message, { operation, status, retryable: true });
    this.name = 'ServerError';
  }
}

/** Any other 4xx. Retryable only for 408 (request timeout) and 409 (conflict). */
export class ClientError extends SystemeApiError {
  constructor(operation: string, status: number, message: string) {
    super('API_CLIENT_ERROR', message, { operation, status, retryable: status === 408 || status === 409 });
    this.name = 'ClientError';
  }
}

/** No answer: DNS, refused or reset connection. `requestSent` is false when the request surely never left. */
export class NetworkError extends SystemeApiError {
  constructor(operation: string, message: string, readonly requestSent: boolean, cause?: unknown) {
    super('API_NETWORK_ERROR', message, { operation, retryable: true, cause });
    this.name = 'NetworkError';
  }
}

/** One attempt took longer than `timeoutMs`. */
export class TimeoutError extends SystemeApiError {
  constructor(operation: string, readonly timeoutMs: number) {
    super(
      'API_TIMEOUT',
      `${operation}: no complete answer from the Systeme.io API within ${timeoutMs} ms; raise API_TIMEOUT if the API is just slow`,
      { operation, retryable: true },
    );
    this.name = 'TimeoutError';
  }
}

/** The caller's signal aborted the call (shutdown, job cancelled). Named `AbortError` like DOM aborts. */
export class AbortedError extends SystemeApiError {
  constructor(operation: string, cause?: unknown) {
    super('API_ABORTED', `${operation}: aborted by the caller`, { operation, retryable: false, cause });
    this.name = 'AbortError';
  }
}

/** A 2xx (or redirect) whose body is not what docs/systeme-io.md#operations describes. */
export class UnexpectedResponseError extends SystemeApiError {
  constructor(operation: string, status: number, message: string) {
    super('API_UNEXPECTED_RESPONSE', message, { operation, status, retryable: false });
    this.name = 'UnexpectedResponseError';
  }
}

/** The arguments were refused before any request was sent. */
export class InvalidRequestError extends SystemeApiError {
  constructor(operation: string, message: string) {
    super('API_INVALID_REQUEST', message, { operation, retryable: false });
    this.name = 'InvalidRequestError';
  }
}
