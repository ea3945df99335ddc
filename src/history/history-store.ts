import type { HistoryContact, HistoryStep } from './history-entry.js';

/** Appends steps to a contact's history. Never throws into the caller's work: callers catch and log. */
export interface HistoryWriter {
  append(contact: HistoryContact, steps: readonly HistoryStep[]): Promise<void>;
}

/** Reads a contact's history (oldest first) and finds a contact by email. */
export interface HistoryReader {
  read(contactId: number): Promise<HistoryStep[]>;
  /** The contact id last seen with this email (case-insensitive), or undefined. */
  contactIdFor(email: string): Promise<number | undefined>;
}

export type HistoryStore = HistoryWriter & HistoryReader;
