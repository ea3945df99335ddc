import type { EventType } from '../events/event-types.js';
import type { CallRecord } from '../gateway/transport.js';
import { describeCondition, describeSeen } from '../rules/describe-explanation.js';
import type { ActionTrace, HandleTrace } from '../handlers/handle-event.js';
import type { RuleExplanation } from '../rules/select-rules.js';
import type { AttemptStep, HistoryStep } from './history-entry.js';
import { pathTemplate } from './path-template.js';

export interface JobMeta {
  messageId: string;
  event: EventType;
  jobId: string;
  /** This attempt's number (1 = first) and how many the job has. */
  attempt: number;
  attempts: number;
}

export interface AttemptEnd {
  outcome: AttemptStep['outcome'];
  error?: string | undefined;
  reason?: string | undefined;
}

/** Collects what one attempt of a job did; the worker writes it to the history when the attempt ends. */
export interface JobRecorder extends HandleTrace {
  apiCall(call: CallRecord): void;
  /** The attempt's steps, ending with its outcome; a failed action is marked as retried or not. */
  finish(end: AttemptEnd): HistoryStep[];
}

const MAX_ERROR = 500;
const clip = (text: string) => (text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text);

export function createJobRecorder(meta: JobMeta, now: () => number = Date.now): JobRecorder {
  const base = () => ({ t: now(), messageId: meta.messageId, event: meta.event, jobId: meta.jobId });
  const steps: HistoryStep[] = [];
  return {
    rules(explanations: readonly RuleExplanation[]) {
      // Rules that do not listen to the event are left out: they say nothing about this contact.
      for (const explanation of explanations.filter((e) => e.listens)) {
        const failed = explanation.failed.map((outcome) => `${describeCondition(outcome.condition)} (saw ${describeSeen(outcome.seen)})`);
        steps.push({ ...base(), kind: 'rule', rule: explanation.rule.name, matched: explanation.matched, ...(failed.length > 0 ? { failed } : {}) });
      }
    },
    action(trace: ActionTrace) {
      steps.push({ ...base(), kind: 'action', ...trace, ...(trace.error === undefined ? {} : { error: clip(trace.error) }) });
    },
    apiCall(call: CallRecord) {
      steps.push({ ...base(), kind: 'api', operation: call.operation, method: call.method, path: pathTemplate(call.path), status: call.status });
    },
    finish(end: AttemptEnd) {
      const willRetry = end.outcome === 'retry' || end.outcome === 'rate_limited';
      for (const step of steps) if (step.kind === 'action' && step.outcome === 'failed') step.willRetry = willRetry;
      steps.push({
        ...base(),
        kind: 'attempt',
        attempt: meta.attempt,
        attempts: meta.attempts,
        outcome: end.outcome,
        ...(end.error === undefined ? {} : { error: clip(end.error) }),
        ...(end.reason === undefined ? {} : { reason: end.reason }),
      });
      return steps.splice(0);
    },
  };
}
