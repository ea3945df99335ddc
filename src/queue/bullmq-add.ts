import { createRequire } from 'node:module';
import { Job, type JobsOptions } from 'bullmq';
import type { JobData } from '../events/job-data.js';
import type { EventQueue } from './event-queue.js';

/**
 * BullMQ's own add, taken apart so that it can run inside the intake's script
 * (src/queue/intake-writes.ts): BullMQ builds the job (its options, its serialised data, its keys
 * and arguments) exactly as `queue.add` does, and the intake sends BullMQ's own Lua script for it.
 * The job layout stays BullMQ's; nothing here knows it. docs/receiver-performance.md says why.
 */

const SCRIPT_MODULE = 'bullmq/dist/cjs/scripts/addStandardJob-9.js';

/** BullMQ's script that adds a job that is neither delayed nor prioritised: nine keys, three arguments. */
function loadStandardAdd(): { addStandardJob: { name: string; content: string; keys: number } } {
  try {
    return createRequire(import.meta.url)(SCRIPT_MODULE) as { addStandardJob: { name: string; content: string; keys: number } };
  } catch (error) {
    throw new Error(
      `BullMQ's add script (${SCRIPT_MODULE}) is not where the intake takes it from: another BullMQ version is installed than the one package-lock.json pins; run npm ci`,
      { cause: error },
    );
  }
}

const standardAdd = loadStandardAdd();

export const BULLMQ_ADD_KEYS = standardAdd.addStandardJob.keys;
/** The script's text, run as a function body: it reads KEYS and ARGV and returns the job id or a negative code. */
export const BULLMQ_ADD_LUA = standardAdd.addStandardJob.content;
const COMMAND = `${standardAdd.addStandardJob.name}:`;
const ARGUMENTS = 3;

export interface PreparedAdd {
  /** The queue's keys the script reads and writes, the same for every job of the queue. */
  readonly keys: readonly string[];
  /** The script's arguments: BullMQ's packed arguments, the job's data as JSON, its packed options. */
  readonly args: readonly (string | Buffer)[];
  /**
   * Hands the script's reply to BullMQ: the id the job is stored under (its own, or the one of
   * the job that took its dedupe key first); BullMQ turns a negative code into its error.
   */
  settle(reply: unknown): Promise<string>;
}

/**
 * Prepares what `queue.add(name, data, opts)` would send, without sending it. Throws when BullMQ
 * builds another command for these options (a delayed or prioritised job), or when its standard
 * add no longer has the shape this module was written for: the tests of the intake then fail
 * before a release does.
 */
export function prepareAdd(queue: EventQueue, name: string, data: JobData, opts: JobsOptions): PreparedAdd {
  const merged: JobsOptions = { ...queue.jobsOpts, ...opts };
  const job = new Job<JobData, unknown, string>(queue, name, data, merged, merged.jobId);
  let sent: { command: string; args: unknown[] } | undefined;
  let answer: (reply: unknown) => void = () => undefined;
  // Settled only with the script's reply: an add that is never sent stays pending and is collected.
  const reply = new Promise<unknown>((resolve) => {
    answer = resolve;
  });
  // BullMQ calls runCommand synchronously, before its first await; the reply comes from the intake's script.
  const client = {
    runCommand(command: string, args: unknown[]) {
      sent = { command, args };
      return reply;
    },
  };
  const stored = job.addJob(client as never, { parentKey: job.parentKey, parentDependenciesKey: '' }) as Promise<string>;
  const keyCount = BULLMQ_ADD_KEYS;
  if (sent === undefined || !sent.command.startsWith(COMMAND) || sent.args.length !== keyCount + ARGUMENTS) {
    stored.catch(() => undefined);
    throw new Error(
      `BullMQ did not build its standard add for job ${merged.jobId ?? '(no id)'} (${sent?.command ?? 'no command'}, ${sent?.args.length ?? 0} arguments): ` +
        'the intake adds jobs that are neither delayed nor prioritised, with the BullMQ version package-lock.json pins (npm ci installs it)',
    );
  }
  return {
    keys: sent.args.slice(0, keyCount) as string[],
    args: sent.args.slice(keyCount) as (string | Buffer)[],
    settle(value) {
      answer(value);
      return stored.then(String);
    },
  };
}
