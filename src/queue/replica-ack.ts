import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../stores/redis-connections.js';
import { AppError } from '../common/app-error.js';
import { IntakeUnavailableError, type Intake } from './intake-port.js';

/** Fewer replicas than required confirmed the write in time; the cause of a 503. */
export class ReplicaAckError extends AppError {
  constructor(required: number, confirmed: number, timeoutMs: number) {
    super(
      'REPLICA_ACK_TIMEOUT',
      `${confirmed} of ${required} required replica(s) confirmed the job within ${timeoutMs} ms; answered 503 so the delivery is sent again ` +
        '(check the replicas and their link to the primary, or lower REDIS_ACK_REPLICAS)',
      { status: 503, retryable: true },
    );
    this.name = 'ReplicaAckError';
  }
}

export interface ReplicaAckOptions {
  /**
   * The connection the intake writes on. WAIT counts the replicas that hold every write this
   * connection made so far, so it must be the very connection the job was added on.
   */
  redis: RedisClient;
  /** Replicas that must confirm; 0 returns the intake unchanged. */
  replicas: number;
  timeoutMs: number;
  /** A key of ours written before WAIT when the delivery wrote nothing itself (duplicate, replay). */
  probeKey: string;
}

/** How much longer than its own timeout a WAIT may take before its reply counts as lost. */
const LOST_REPLY_MARGIN_MS = 1000;

/**
 * One WAIT at a time on the connection: a WAIT blocks the connection (and every command
 * pipelined behind it) until the replicas answer, so deliveries that finish their write while
 * one is in flight share the next WAIT, which covers all of them (group commit).
 */
/**
 * Where WAIT goes. One server: the connection itself. A cluster: the connection to the master
 * that holds `key`'s slot (every key of ours shares that slot, docs/scaling.md), which is the
 * connection the cluster client wrote the job on. Looked up at each call: a failover moves the
 * slot to another node.
 */
export function waitTarget(redis: RedisClient, key: string): () => Promise<Redis> {
  if (!(redis instanceof Cluster)) return () => Promise.resolve(redis);
  let slot: number | undefined;
  return async () => {
    slot ??= Number(await redis.cluster('KEYSLOT', key));
    const owner = redis.slots[slot]?.[0];
    const node = redis.nodes('master').find((candidate) => `${candidate.options.host}:${candidate.options.port}` === owner);
    if (!node) throw new Error(`no connected master holds slot ${slot} of ${key}`);
    return node;
  };
}

function createReplicaConfirmer(target: () => Promise<Redis>, replicas: number, timeoutMs: number): () => Promise<number> {
  let running: Promise<number> | undefined;
  let next: Promise<number> | undefined;
  const start = (): Promise<number> => {
    // WAIT answers within its timeout; a reply lost with a dropped connection must not hold
    // every later delivery behind it.
    let timer: NodeJS.Timeout | undefined;
    const lost = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to WAIT within ${timeoutMs + LOST_REPLY_MARGIN_MS} ms`)), timeoutMs + LOST_REPLY_MARGIN_MS);
    });
    const wait = Promise.race([target().then((node) => node.wait(replicas, timeoutMs)), lost]).finally(() => {
      clearTimeout(timer);
      if (running === wait) running = undefined;
    });
    running = wait;
    return wait;
  };
  return () => {
    if (!running) return start();
    // A WAIT already sent may predate this caller's write: this caller needs the next one.
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}

/**
 * The intake, answering only once `replicas` Redis replicas hold the delivery (Redis `WAIT`):
 * a 2xx then survives the loss of the primary, since Sentinel promotes the replica that holds
 * the most. Fewer confirmations within `timeoutMs` make it an IntakeUnavailableError (503 and
 * Retry-After): the job stays queued on the primary, and the redelivery is a duplicate that is
 * confirmed again before its 2xx. See docs/high-availability.md.
 */
export function withReplicaAck(intake: Intake, options: ReplicaAckOptions): Intake {
  if (options.replicas <= 0) return intake;
  const confirm = createReplicaConfirmer(waitTarget(options.redis, options.probeKey), options.replicas, options.timeoutMs);
  return {
    ...intake,
    async enqueue(data, dedupeId, enqueueOptions) {
      const result = await intake.enqueue(data, dedupeId, enqueueOptions);
      try {
        // A duplicate or a replay wrote nothing on this connection, yet its 2xx vouches for the
        // earlier write (perhaps by another receiver, before a failover): a write of our own
        // puts the replication offset past it.
        if (result.status !== 'queued') await options.redis.set(options.probeKey, String(Date.now()), 'PX', 60_000);
        const confirmed = await confirm();
        if (confirmed < options.replicas) throw new ReplicaAckError(options.replicas, confirmed, options.timeoutMs);
      } catch (error) {
        throw new IntakeUnavailableError(error);
      }
      return result;
    },
  };
}
