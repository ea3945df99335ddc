import { formatTable } from '../support/table.js';
import { oneLine } from '../support/terminal-text.js';
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
  // Every value is one line with its control characters escaped: stored job data is not ours.
  return [
    `Job ${oneLine(job.id)} (${job.state})`,
    `  event        ${oneLine(job.event)}`,
    `  message id   ${oneLine(job.messageId ?? '(none)')}`,
    `  received at  ${oneLine(job.receivedAt ?? '(unknown)')}`,
    `  failed at    ${job.failedAt ?? '(not failed)'}`,
    `  attempts     ${job.attemptsMade} of ${job.attempts}`,
    `  error        ${oneLine(job.reason || '(none)')}`,
    ...(job.stackHead.length > 0 ? ['  stack', ...job.stackHead.map((line) => `    ${oneLine(line.trim())}`)] : []),
    done.length > 0 ? '  actions already done (kept when retried)' : '  actions already done: none',
    ...done.map(([key, at]) => `    ${oneLine(key)}  ${oneLine(at)}`),
    '  payload',
    ...JSON.stringify(job.payload, null, 2).split('\n').map((line) => `    ${line}`),
  ].join('\n');
}
