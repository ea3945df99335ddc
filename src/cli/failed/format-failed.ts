import { formatTable } from '../shared/table.js';
import type { FailedJobView } from './job-view.js';

const clip = (text: string, max: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function formatFailedList(jobs: readonly FailedJobView[]): string {
  if (jobs.length === 0) return 'No failed jobs.';
  const rows = jobs.map((job) => [job.id, job.event, job.failedAt ?? '', `${job.attemptsMade}/${job.attempts}`, clip(job.reason, 100)]);
  return formatTable(['ID', 'EVENT', 'FAILED AT', 'ATTEMPTS', 'REASON'], rows);
}

export interface FailedJobDetails extends FailedJobView {
  state: string;
  /** Ledger entries: `<rule>#<index>` → when that action completed. */
  done: Record<string, string>;
  payload: unknown;
}

export function formatFailedJob(job: FailedJobDetails): string {
  const done = Object.entries(job.done).sort(([, a], [, b]) => a.localeCompare(b));
  return [
    `Job ${job.id} (${job.state})`,
    `  event        ${job.event}`,
    `  message id   ${job.messageId ?? '(none)'}`,
    `  received at  ${job.receivedAt ?? '(unknown)'}`,
    `  failed at    ${job.failedAt ?? '(not failed)'}`,
    `  attempts     ${job.attemptsMade} of ${job.attempts}`,
    `  error        ${job.reason || '(none)'}`,
    ...(job.stackHead.length > 0 ? ['  stack', ...job.stackHead.map((line) => `    ${line.trim()}`)] : []),
    done.length > 0 ? '  actions already done (kept when retried)' : '  actions already done: none',
    ...done.map(([key, at]) => `    ${key}  ${at}`),
    '  payload',
    ...JSON.stringify(job.payload, null, 2).split('\n').map((line) => `    ${line}`),
  ].join('\n');
}
