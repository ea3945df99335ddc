import secureJson from 'secure-json-parse';
import { sha256 as digest } from '../common/sha256.js';
import { isEventType, type EventType } from '../events/event-types.js';
import type { JobData } from '../events/job-data.js';
import { nestedDeeperThan } from '../events/json-depth.js';
import { normalisePayload } from '../events/normalise.js';
import { payloadPassesSchema } from '../events/payload-check.js';
import { verify, type VerifyResult } from './signature.js';

export type DeliveryHeaders = Record<string, string | string[] | undefined>;

export type Delivery =
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'bad_request'; message: string; event?: string }
  | { kind: 'ignored'; event: string; messageId?: string }
  | {
      kind: 'accept';
      event: EventType;
      dedupeId: string;
      job: JobData;
      secretIndex: number;
      /** Hex SHA-256 of the body bytes, on the single-secret route (binds the body to its event) or without a message id. */
      bodyDigest?: string;
      /** Set when the payload does not match its event schema: stored anyway, failed by the worker. */
      invalid?: string;
    };

export interface ReadDeliveryOptions {
  /** Secrets that make a signature authentic (current first). */
  secrets: readonly string[];
  /** On a per-event route: the only event type the header may name. */
  expectedEvent?: EventType;
  route: 'single' | 'event';
  now?: () => Date;
}

const MAX_HEADER_VALUE = 200;
const MAX_JSON_DEPTH = 32;
/** Longer message ids are replaced by their digest: cutting them would merge two ids sharing a prefix. */
export const MAX_MESSAGE_ID = 200;

const sha256 = (data: Buffer | string) => digest(data, 'hex');

function rawHeader(headers: DeliveryHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** A header for display and storage, cut to a bounded length (informative headers only). */
function header(headers: DeliveryHeaders, name: string): string | undefined {
  return rawHeader(headers, name)?.slice(0, MAX_HEADER_VALUE);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The message id as given (real ones are UUIDs), or `sha256:<hex>` of the whole id when it is
 * longer than MAX_MESSAGE_ID or holds anything but printable ASCII: cut, two ids sharing a
 * prefix would be one; as sent, header bytes would reach logs and terminals.
 */
export function messageIdOf(headers: DeliveryHeaders): string | undefined {
  const id = rawHeader(headers, 'x-webhook-message-id');
  if (id === undefined) return undefined;
  return id.length > MAX_MESSAGE_ID || !PRINTABLE_ASCII.test(id) ? `sha256:${sha256(id)}` : id;
}

/** An unknown event name for a log line: 40 characters at most, printable ASCII only. */
const shown = (event: string) => event.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');

function reasonOf(result: Exclude<VerifyResult, { ok: true }>): string {
  return result.reason;
}

/**
 * Turns raw bytes and headers into a decision, in the order that keeps forged input out:
 * signature over the exact bytes first (PHP-escaped JSON must not be re-serialised: docs/systeme-io.md#php-escaped-json),
 * then the event header, then JSON parsing, then the schema.
 */
export function readDelivery(body: Buffer, headers: DeliveryHeaders, options: ReadDeliveryOptions): Delivery {
  const verified = verify(body, header(headers, 'x-webhook-signature'), options.secrets);
  if (!verified.ok) return { kind: 'unauthorized', reason: reasonOf(verified) };

  const event = header(headers, 'x-webhook-event');
  if (event === undefined) return { kind: 'bad_request', message: 'X-Webhook-Event header is missing' };
  if (options.expectedEvent !== undefined && event !== options.expectedEvent) {
    // The header is unsigned: on a per-event route it must name the route's own event.
    return { kind: 'unauthorized', reason: `event-mismatch:${shown(event)}` };
  }
  const messageId = messageIdOf(headers);
  if (!isEventType(event)) return { kind: 'ignored', event: shown(event), ...(messageId ? { messageId } : {}) };

  let payload: unknown;
  try {
    // Keys named __proto__ / constructor.prototype are dropped, never assigned.
    payload = secureJson.parse(body.toString('utf8'), undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch {
    return { kind: 'bad_request', message: 'Body is not valid JSON', event };
  }
  // Real payloads nest about five levels; a body nested thousands deep could never be stored.
  if (nestedDeeperThan(payload, MAX_JSON_DEPTH)) {
    return { kind: 'bad_request', message: `Body nests deeper than ${MAX_JSON_DEPTH} levels`, event };
  }

  // zod only for the message of a payload that fails its schema: its parse copies the payload.
  const normalised = payloadPassesSchema(event, payload) ? undefined : normalisePayload(event, payload);
  // Only where it is used: a digest is a second pass over the body.
  const bodyDigest = options.route === 'single' || messageId === undefined ? sha256(body) : undefined;
  const dedupeId = messageId ?? `sha256:${bodyDigest}`;
  const job: JobData = {
    event,
    messageId: messageId ?? dedupeId,
    eventTimestamp: header(headers, 'x-webhook-event-timestamp') ?? null,
    receivedAt: (options.now?.() ?? new Date()).toISOString(),
    schemaVersion: header(headers, 'x-webhook-schema-version') ?? null,
    route: options.route,
    payload,
  };
  return {
    kind: 'accept',
    event,
    dedupeId,
    job,
    secretIndex: verified.secretIndex,
    ...(bodyDigest === undefined ? {} : { bodyDigest }),
    ...(normalised === undefined || normalised.ok ? {} : { invalid: normalised.error }),
  };
}
