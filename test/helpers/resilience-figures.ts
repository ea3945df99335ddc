/** What every fault test reports, on one line, and asserts (lost = 0, duplicates = 0). */
export interface Figures {
  /** Distinct events sent. */
  sent: number;
  /** Distinct events the receiver answered 2xx at least once. */
  accepted: number;
  /** Distinct accepted events a worker logged as handled. */
  processed: number;
  /** Successful reaction writes on the API. */
  writes: number;
  /** Writes beyond one per event. */
  duplicates: number;
  /** Accepted events without their reaction (not handled, or no write). */
  lost: number;
}

export interface FiguresInput {
  /** Every event sent: message id → the contact its reaction writes to. */
  sent: Map<string, number>;
  /** Message ids answered 2xx at least once. */
  accepted: Set<string>;
  handled: Set<string>;
  /** Successful writes per contact id. */
  writesByContact: Map<number, number>;
}

/** One reaction per event: each event's contact must have exactly one write. */
export function reactionFigures(input: FiguresInput): Figures {
  const expected = new Set([...input.sent.values()]);
  let writes = 0;
  let duplicates = 0;
  for (const [contactId, count] of input.writesByContact) {
    writes += count;
    duplicates += expected.has(contactId) ? count - 1 : count;
  }
  let processed = 0;
  let lost = 0;
  for (const messageId of input.accepted) {
    const contactId = input.sent.get(messageId);
    if (input.handled.has(messageId)) processed += 1;
    if (!input.handled.has(messageId) || contactId === undefined || !input.writesByContact.has(contactId)) lost += 1;
  }
  return { sent: input.sent.size, accepted: input.accepted.size, processed, writes, duplicates, lost };
}

export function printFigures(test: string, figures: Figures, extra: Record<string, number | string> = {}): void {
  const parts = Object.entries({ ...figures, ...extra }).map(([key, value]) => `${key}=${value}`);
  console.log(`[resilience] ${test}: ${parts.join(' ')}`);
}
