import { collect } from '../../gateway/index.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { gatewayFor } from '../support/gateway-for.js';
import { usageError } from '../support/usage-error.js';
import { applyRegistration } from './apply-registration.js';
import { desiredWebhooks } from './desired-webhooks.js';
import { formatRegistration } from './format-webhooks.js';
import { planRegistration } from './plan-registration.js';
import { webhookBaseUrl } from './target-url.js';
import { wantedEvents, type EventsMode } from './wanted-events.js';

/** The options of `webhook register`, as parsed by commander (defaults: name `systeme-hooks`, events `rules`). */
export interface RegisterOptions {
  url?: string;
  name: string;
  events: EventsMode;
  single?: boolean;
  allowHttp?: boolean;
  json?: boolean;
}

/** `webhook register`: lists the account's webhooks, then creates, updates or deletes ours. */
export async function runRegister(io: CommandIo, options: RegisterOptions): Promise<void> {
  const config = configFor(io, ['api', 'secret']);
  const baseUrl = webhookBaseUrl(options.url, config, options.allowHttp ?? false);
  if (options.single && !config.webhook.allowSingleSecretRoute) {
    throw usageError(
      '--single registers the single-secret route, which is off unless ALLOW_SINGLE_SECRET_ROUTE=true. ' +
        'Leave out --single (one webhook per event, each with its own secret: the safe default), or, knowing that one secret ' +
        'for every event lets a captured body be sent again as another event (see docs/security.md), set ' +
        'ALLOW_SINGLE_SECRET_ROUTE=true here and in the environment of serve/start',
    );
  }
  const { events, source } = await wantedEvents(options.events, config.worker.rulesFile);
  if (events.length === 0) {
    throw new CliError(`The rules in ${config.worker.rulesFile} listen to no event: there is nothing to deliver. Add rules, or pass --events all.`);
  }
  const masterSecret = config.webhook.secrets[0]!;
  const single = options.single ?? false;
  const gateway = gatewayFor(config, io);
  const existing = await collect(gateway.webhooks.list());
  const plan = planRegistration(existing, desiredWebhooks({ baseUrl, base: options.name, masterSecret, events, single }), baseUrl, options.name);
  const results = await applyRegistration(gateway, plan);
  const elsewhere = plan.elsewhere.map(({ id, name, url }) => ({ id, name, url }));

  if (options.json) {
    printJson(io, { baseUrl, mode: single ? 'single' : 'per-event', events, webhooks: results, elsewhere });
  } else {
    const how = single
      ? 'one webhook on the single-secret route, signed with the current master secret'
      : 'one webhook per event, each with its own secret derived from the current master secret';
    print(io, `Webhooks for ${baseUrl}: ${how}; events: ${source} (${events.join(', ')})`);
    print(io, formatRegistration(results));
    if (single) {
      print(io, 'note: the receiver must run with ALLOW_SINGLE_SECRET_ROUTE=true; it warns at startup, and refuses a body already accepted as another event');
    }
    for (const webhook of elsewhere) {
      print(io, `note: "${webhook.name}" (${webhook.id}) is named like ours but posts to ${webhook.url}: left alone`);
    }
  }
  const problems = results.flatMap((result) => result.problems);
  if (problems.length > 0) throw new CliError(`webhook register: ${problems.length} problem(s) remain:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
