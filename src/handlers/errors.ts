import { AppError } from '../common/app-error.js';

/**
 * A reaction could not be carried out. `retryable` tells the worker whether a later attempt
 * can succeed; the message says what went wrong and what the operator can do.
 */
export class ReactionError extends AppError {
  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, options);
    this.name = 'ReactionError';
  }
}

/** One action of one rule failed; wraps the cause (often a gateway error) with where it happened. */
export class ActionFailedError extends ReactionError {
  constructor(
    readonly rule: string,
    readonly actionIndex: number,
    readonly action: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // A failure that is not one of ours (a bug, a socket error) is worth another attempt.
    const retryable = cause instanceof AppError ? cause.retryable : true;
    super('ACTION_FAILED', `rule "${rule}" action ${actionIndex} (${action}) failed: ${reason}`, { retryable, cause });
    this.name = 'ActionFailedError';
  }
}

/** The stored event does not match its schema (e.g. after a Systeme.io change): replay it after an upgrade. */
export class InvalidEventError extends ReactionError {
  constructor(message: string) {
    super('EVENT_INVALID', `${message}. Fix the schema or the rules, then replay with \`systeme-hooks failed retry <id>\`.`, {
      retryable: false,
    });
    this.name = 'InvalidEventError';
  }
}
