export interface AppErrorOptions {
  /** The HTTP status the error came with, or is answered with. */
  status?: number | undefined;
  /** Whether trying the same thing later can succeed. Default false. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The base of the service's errors. `code` is stable (switch on it, not on the message),
 * `status` is the HTTP status when one applies, `retryable` says whether a later attempt can
 * succeed: the worker reads it (never by duck typing) to retry a job or fail it at once.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}
