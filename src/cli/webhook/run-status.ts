import { collect } from '../../gateway/index.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { gatewayFor } from '../support/gateway-for.js';
import { assessStatus } from './assess-status.js';
import { formatStatus } from './format-webhooks.js';
import { webhookBaseUrl } from './target-url.js';
import { wantedEvents, type EventsMode } from './wanted-events.js';

/** The options of `webhook status`, as parsed by commander (defaults: name `systeme-hooks`, events `rules`). */
export interface StatusOptions {
  url?: string;
  name: string;
  events: EventsMode;
  json?: boolean;
}

/** `webhook status`: prints the state; exit 1 when anything keeps a wanted event from arriving. */
export async function runStatus(io: CommandIo, options: StatusOptions): Promise<void> {
  const config = configFor(io, ['api']);
  // Checking is harmless over http; only registering refuses it.
  const baseUrl = options.url !== undefined || config.publicUrl ? webhookBaseUrl(options.url, config, true) : undefined;
  const { events } = await wantedEvents(options.events, config.worker.rulesFile);
  const webhooks = await collect(gatewayFor(config, io).webhooks.list());
  const report = assessStatus({
    webhooks,
    baseUrl,
    base: options.name,
    wanted: events,
    secrets: config.webhook.secrets,
    allowSingleSecretRoute: config.webhook.allowSingleSecretRoute,
  });
  if (options.json) printJson(io, { baseUrl: baseUrl ?? null, ...report });
  else print(io, formatStatus(report));
  if (!report.healthy) throw new CliError(`webhook status: ${report.problems.length} problem(s); the webhooks need attention`);
}
