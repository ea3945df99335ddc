import type { HistoryReader } from './history-store.js';
import { buildTimeline, type ContactTimeline, type TimelineFilter } from './timeline.js';

export type LookupResult =
  | { kind: 'found'; timeline: ContactTimeline }
  /** Nothing recorded for this contact (or it matched no delivery of the filter). */
  | { kind: 'unknown'; message: string }
  | { kind: 'invalid'; message: string };

const MAX_QUERY = 320;

/** A contact id (digits) or an email: the timeline of that contact, as the CLI and the page show it. */
export async function lookupHistory(reader: HistoryReader, query: string, filter: TimelineFilter = {}): Promise<LookupResult> {
  const wanted = query.trim();
  if (wanted === '' || wanted.length > MAX_QUERY) return { kind: 'invalid', message: 'give a contact id (digits) or an email address' };
  let contactId: number | undefined;
  if (/^[1-9]\d{0,15}$/.test(wanted)) contactId = Number(wanted);
  else if (wanted.includes('@')) contactId = await reader.contactIdFor(wanted);
  else return { kind: 'invalid', message: `"${wanted}" is neither a contact id (digits) nor an email address` };
  if (contactId === undefined) return { kind: 'unknown', message: `Nothing is known about ${wanted}: no delivery for this email within the history's retention.` };
  const steps = await reader.read(contactId);
  const timeline = buildTimeline(contactId, steps, filter);
  if (timeline.deliveries.length === 0) {
    const narrowed = steps.length > 0 ? ' matching --since/--event' : '';
    return { kind: 'unknown', message: `Nothing is known about ${wanted}: no delivery${narrowed} within the history's retention.` };
  }
  return { kind: 'found', timeline };
}
