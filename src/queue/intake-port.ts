import type { JobData } from '../events/job-data.js';
import { AppError } from '../common/app-error.js';

/**
 * What the receiver needs from the queue, and all it may know of it: src/http imports this
 * file only (an ESLint rule keeps it so), never the queue's implementation or the worker side.
 */

/** Redis could not take the job in time: answer 503 so Systeme.io delivers again. */
export class IntakeUnavailableError extends AppError {
  /** What Fastify reads when the error reaches its handler. */
  readonly statusCode = 503;
  constructor(cause: unknown) {
    super('INTAKE_UNAVAILABLE', 'Redis did not accept the job; the delivery was not stored', { status: 503, retryable: true, cause });
    this.name = 'IntakeUnavailableError';
  }
}

export type EnqueueResult =
  | { status: 'queued'; jobId: string }
  | { status: 'duplicate'; jobId: string }
  /**
   * An authentic sale body sent again under a new message id, a sale whose order item was
   * cancelled, or (single-secret route) a body already accepted as another event.
   */
  | { status: 'replayed'; reason: string; jobId?: string };

export type Readiness = 'ready' | 'down' | 'refusing-writes';

export interface EnqueueOptions {
  /**
   * Hex SHA-256 of the body, on the single-secret route: a body already accepted under another
   * event type within the dedupe TTL is refused (`replayed`), since the event header is unsigned.
   */
  bodyDigest?: string;
}

export interface Intake {
  /** Stores the job unless it was seen within its TTL; the dedupe key and the job are written in one Redis script. */
  enqueue(data: JobData, dedupeId: string, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Redis takes a write: `down` when it does not answer, `refusing-writes` when it answers with an error (maxmemory, read-only replica). */
  ready(): Promise<Readiness>;
  /** Jobs by state, for the queue depth metric. */
  counts(): Promise<Record<string, number>>;
}
