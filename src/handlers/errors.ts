/**
 * A reaction could not be carried out. `retryable` tells the worker whether a later attempt
 * can succeed; the message says what went wrong and what the operator can do.
 */
export class ReactionError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReactionError';
    this.code = code;
    this.retryable = options.retryable;
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
    const retryable = typeof (cause as { retryable?: unknown })?.retryable === 'boolean' ? Boolean((cause as { retryable: boolean }).retryable) : true;
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
