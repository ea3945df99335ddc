import { readFile } from 'node:fs/promises';
import secureJson from 'secure-json-parse';
import type { EventType } from '../../events/event-types.js';
import { normalisePayload, type EventData } from '../../events/normalise.js';
import { CliError } from '../command-context.js';

/**
 * A raw delivery body from a file (PHP-escaped JSON as Systeme.io sends it, or plain JSON),
 * normalised as the worker sees it.
 */
export async function readPayloadFile(path: string, event: EventType): Promise<EventData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the payload file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch (error) {
    throw new CliError(`The payload file ${path} is not JSON: ${(error as Error).message}`);
  }
  const normalised = normalisePayload(event, json);
  if (!normalised.ok) throw new CliError(`The payload in ${path} is not a valid ${event} body:\n${normalised.error}`);
  return normalised.data;
}
