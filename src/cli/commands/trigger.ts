import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { eventToKebab, type EventType } from '../../events/event-types.js';
import { createUuidV7 } from '../../sim/uuid-v7.js';
import { encodeEventBody } from '../../sim/webhooks/encode-body.js';
import { CliError, configFor, print, type CommandIo } from '../command-context.js';
import { parseEvent, parseId } from '../support/option-parsers.js';
import { usageError } from '../support/usage-error.js';
import { deliveryHeaders, secretForUrl } from '../trigger/delivery.js';
import { samplePayload } from '../trigger/sample-payload.js';

interface TriggerOptions {
  url?: string;
  payload?: string;
  contact?: number;
  email?: string;
  tag?: string;
  pricePlan?: number;
  course?: number;
}

export function registerTrigger(program: Command, io: CommandIo): void {
  program
    .command('trigger')
    .description('Send one realistic, correctly signed delivery to a receiver, as Systeme.io would')
    .argument('<EVENT>', 'event type, e.g. SALE_NEW (or sale-new)', parseEvent)
    .option('--url <url>', 'where to post (default: the event\'s own route, http://127.0.0.1:$PORT/webhooks/systeme/<event>)')
    .option('--payload <file>', 'send this file as the body, byte for byte, instead of a generated one')
    .option('--contact <id>', 'contact id in the generated body (default 12345)', parseId)
    .option('--email <email>', 'contact email in the generated body (default jane@example.com)')
    .option('--tag <name>', 'tag of CONTACT_TAG_* events (default vip)')
    .option('--price-plan <id>', 'price plan of sale events (default 3456)', parseId)
    .option('--course <id>', 'course bought in sale events (default 680647)', parseId)
    .addHelpText(
      'after',
      `
Signs with the current (first) SYSTEME_WEBHOOK_SECRET for the route it posts
to: a URL ending in /webhooks/systeme/<event> (e.g. …/sale-new) gets that
event's derived secret, any other URL the master secret. Sends the full
Systeme.io header set (UUIDv7 message id, timestamps, schema version) and a
PHP-style escaped body. Without --url it posts to the event's own route on
127.0.0.1:$PORT. Prints the answer's status and body; exit 0 on 2xx, 1
otherwise, with what a 401 or 404 most likely means.

Examples:
  systeme-hooks trigger SALE_NEW --contact 501 --price-plan 3456
  systeme-hooks trigger contact-tag-added --tag vip \\
    --url http://127.0.0.1:3000/webhooks/systeme/contact-tag-added
  systeme-hooks trigger SALE_NEW --payload captured-sale.json`,
    )
    .action(async (event: EventType, options: TriggerOptions) => {
      const config = configFor(io, ['secret']);
      const generatedOnly = [options.contact, options.email, options.tag, options.pricePlan, options.course].some((v) => v !== undefined);
      if (options.payload !== undefined && generatedOnly) throw usageError('--payload sends the file as it is: leave out --contact, --email, --tag, --price-plan and --course');
      const text = options.url ?? `http://127.0.0.1:${config.http.port}/webhooks/systeme/${eventToKebab(event)}`;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw usageError(`--url: "${text}" is not an absolute URL`);
      }
      const now = new Date();
      const body = options.payload !== undefined ? await readBody(options.payload) : Buffer.from(encodeEventBody(samplePayload(event, { ...options, now })));
      const { secret, route } = secretForUrl(url, config.webhook.secrets[0]!);
      const uuid = createUuidV7();
      const headers = deliveryHeaders({ event, body, secret, messageId: uuid(), attemptId: uuid(), now });
      print(io, `POST ${url.href}  ${event}  message ${headers['x-webhook-message-id']}  (signed with the ${route === 'single' ? 'master' : `${route} route's`} secret)`);
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.http.requestTimeoutMs) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new CliError(`Cannot reach ${url.href} (${cause}): is the receiver running (systeme-hooks serve) on that address?`);
      }
      print(io, `HTTP ${response.status} ${response.statusText}`);
      const answer = await response.text();
      if (answer) print(io, answer);
      if (!response.ok) throw new CliError(`The receiver answered ${response.status}${refusalHint(response.status, event, route, url)}`);
    });
}

async function readBody(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(`Cannot read the payload file ${path}: ${(error as Error).message}`);
  }
}

/** What a refusal most likely means for this delivery and route. */
function refusalHint(status: number, event: EventType, route: EventType | 'single', url: URL): string {
  const own = new URL(url.href);
  own.search = '';
  const base = /\/webhooks\/systeme(?:\/[^/]*)?\/?$/;
  own.pathname = base.test(url.pathname) ? url.pathname.replace(base, `/webhooks/systeme/${eventToKebab(event)}`) : `/webhooks/systeme/${eventToKebab(event)}`;
  if (status === 404 && route === 'single') {
    return `: the single-secret route is off unless the receiver sets ALLOW_SINGLE_SECRET_ROUTE=true; post to the event's own route, --url ${own.href}`;
  }
  if (status === 401 && route !== 'single' && route !== event) {
    return `: ${url.pathname} is the route of ${route}, and this delivery is ${event}; each event has its own route (--url ${own.href})`;
  }
  if (status === 401) return ': the signature was refused; does SYSTEME_WEBHOOK_SECRET match the receiver\'s?';
  return '';
}
