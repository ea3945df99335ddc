import type { HistoryStep } from './history-entry.js';
import type { ContactTimeline, DeliveryGroup } from './timeline.js';

/** Payload text could carry terminal escape sequences: control characters are shown as `?`. */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');

const time = (t: number) => new Date(t).toISOString().slice(11, 23);

/** One line per step, the same words the page uses. */
export function describeStep(step: HistoryStep): { label: string; text: string } {
  switch (step.kind) {
    case 'delivery':
      return {
        label: 'delivery',
        text: `${step.answer} (HTTP ${step.status})${step.about ? `, ${step.about}` : ''}${step.reason ? `: ${step.reason}` : ''}`,
      };
    case 'rule':
      return {
        label: 'rule',
        text: step.matched ? `${step.rule}: matched` : `${step.rule}: not matched, failed ${(step.failed ?? []).join('; ')}`,
      };
    case 'action': {
      const failure = step.outcome === 'failed' ? `: ${step.error ?? 'no message'}${step.willRetry === undefined ? '' : step.willRetry ? ' (will retry)' : ' (not retried)'}` : '';
      return { label: 'action', text: `${step.rule}#${step.index} ${step.does} → ${step.outcome}${failure}` };
    }
    case 'api':
      return { label: 'api', text: `${step.method} ${step.path} → ${step.status}` };
    case 'attempt': {
      const head = `attempt ${step.attempt} of ${step.attempts}: `;
      if (step.outcome === 'failed') return { label: 'attempt', text: `${head}FAILED for good: ${step.error ?? ''}` };
      if (step.outcome === 'retry') return { label: 'attempt', text: `${head}failed, will retry: ${step.error ?? ''}` };
      if (step.outcome === 'rate_limited') return { label: 'attempt', text: `${head}rate limited, put back in the queue` };
      if (step.outcome === 'skipped') return { label: 'attempt', text: `${head}skipped: ${step.reason ?? ''}` };
      return { label: 'attempt', text: `${head}completed` };
    }
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
