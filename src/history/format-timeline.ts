import type { HistoryStep } from './history-entry.js';
import type { ContactTimeline, DeliveryGroup } from './timeline.js';

/** Payload text could carry terminal escape sequences: control characters are shown as `?`. */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');

const time = (t: number) => new Date(t).toISOString().slice(11, 23);

/** How a step went, for the page's colours: `ok`, `warn` (retried, duplicate), `bad` (failed), `muted` (nothing done). */
export type StepTone = 'ok' | 'warn' | 'bad' | 'muted';

export interface StepLine {
  label: string;
  text: string;
  tone: StepTone;
}

function attemptLine(step: Extract<HistoryStep, { kind: 'attempt' }>): StepLine {
  const head = `attempt ${step.attempt} of ${step.attempts}: `;
  switch (step.outcome) {
    case 'failed':
      return { label: 'attempt', text: `${head}FAILED for good: ${step.error ?? ''}`, tone: 'bad' };
    case 'retry':
      return { label: 'attempt', text: `${head}failed, will retry: ${step.error ?? ''}`, tone: 'warn' };
    case 'rate_limited':
      return { label: 'attempt', text: `${head}rate limited, put back in the queue`, tone: 'warn' };
    case 'skipped':
      return { label: 'attempt', text: `${head}skipped: ${step.reason ?? ''}`, tone: 'muted' };
    case 'completed':
      return { label: 'attempt', text: `${head}completed`, tone: 'ok' };
  }
}

/** One line per step, the same words on the page and in the CLI. */
export function describeStep(step: HistoryStep): StepLine {
  switch (step.kind) {
    case 'delivery': {
      const text = `${step.answer} (HTTP ${step.status})${step.about ? `, ${step.about}` : ''}${step.reason ? `: ${step.reason}` : ''}`;
      const tone = step.answer === 'queued' ? 'ok' : step.answer === 'invalid_payload' ? 'bad' : 'warn';
      return { label: 'delivery', text, tone };
    }
    case 'rule':
      return step.matched
        ? { label: 'rule', text: `${step.rule}: matched`, tone: 'ok' }
        : { label: 'rule', text: `${step.rule}: not matched, failed ${(step.failed ?? []).join('; ')}`, tone: 'muted' };
    case 'action': {
      if (step.outcome === 'failed') {
        const retry = step.willRetry === undefined ? '' : step.willRetry ? ' (will retry)' : ' (not retried)';
        return { label: 'action', text: `${step.rule}#${step.index} ${step.does} → failed: ${step.error ?? 'no message'}${retry}`, tone: 'bad' };
      }
      return { label: 'action', text: `${step.rule}#${step.index} ${step.does} → ${step.outcome}`, tone: step.outcome === 'done' ? 'ok' : 'muted' };
    }
    case 'api': {
      const ok = typeof step.status === 'number' && step.status < 400;
      return { label: 'api', text: `${step.method} ${step.path} → ${step.status}`, tone: ok ? 'muted' : 'warn' };
    }
    case 'attempt':
      return attemptLine(step);
  }
}

function formatGroup(group: DeliveryGroup): string[] {
  const jobs = group.jobIds.length > 0 ? `  job ${group.jobIds.join(', ')}` : '';
  const lines = [`${group.event}  ${new Date(group.at).toISOString()}  message ${group.messageId}${jobs}  → ${group.status}`];
  for (const step of group.steps) {
    const { label, text } = describeStep(step);
    lines.push(`  ${time(step.t)}  ${label.padEnd(8)} ${text.replace(/[\t\n\r]+/g, ' ')}`);
  }
  const last = group.steps.at(-1);
  if (group.status === 'failed' && last?.jobId) lines.push(`  retry it: systeme-hooks failed retry ${last.jobId}`);
  return lines;
}

/** The `history` command's text: the contact, then each delivery newest first with one line per step. */
export function formatTimeline(timeline: ContactTimeline): string {
  const who = [timeline.name, timeline.email ? `<${timeline.email}>` : undefined].filter(Boolean).join(' ');
  const count = timeline.deliveries.length;
  const lines = [
    `Contact ${timeline.contactId}${who ? ` — ${who}` : ''}`,
    `${count} deliver${count === 1 ? 'y' : 'ies'}, newest first (times UTC)`,
  ];
  for (const group of timeline.deliveries) lines.push('', ...formatGroup(group));
  return printable(lines.join('\n'));
}
