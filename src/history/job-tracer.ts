import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallRecord } from '../gateway/transport.js';
import type { JobRecorder } from './job-recorder.js';

/**
 * Attributes the gateway's API calls to the job that made them: a worker runs several jobs at
 * once over one gateway, so the job is carried by the async context the call runs in.
 */
export interface JobTracer {
  run<T>(recorder: JobRecorder, work: () => Promise<T>): Promise<T>;
  /** For the gateway's `onCall`: records the call on the job it was made for, if any. */
  onApiCall(call: CallRecord): void;
}

export function createJobTracer(): JobTracer {
  const current = new AsyncLocalStorage<JobRecorder>();
  return {
    run: (recorder, work) => current.run(recorder, work),
    onApiCall: (call) => current.getStore()?.apiCall(call),
  };
}
