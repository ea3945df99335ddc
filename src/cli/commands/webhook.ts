import { Option, type Command } from 'commander';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { usageError } from '../support/usage-error.js';

// The API client and the work are imported on use: `serve` and `work` start without loading them for this command.
const gatewayModules = async () => ({ ...(await import('../../gateway/index.js')), ...(await import('../support/gateway-for.js')) });

const eventsOption = () =>
  new Option('--events <which>', 'rules: the events RULES_FILE uses; all: all six event types').choices(['rules', 'all']).default('rules');
const nameOption = () => new Option('--name <prefix>', 'name prefix of our webhooks').default('systeme-hooks');

const REGISTER_HELP = `
By default every event type gets its own webhook, posting to its own route
(<url>/sale-new, <url>/sale-canceled, …) with its own secret, derived from
the current (first) SYSTEME_WEBHOOK_SECRET: a body signed for one event cannot
be replayed as another. --single registers one webhook at <url> with the
master secret; it needs ALLOW_SINGLE_SECRET_ROUTE=true (off by default: a body
signed with one secret for every event can be sent again as another event).
A URL with a user name or password in it is refused.

Idempotent: our webhooks are found by URL (the base URL and its per-event
URLs; others are never touched), then created, updated or left unchanged; ours
that are no longer wanted are deleted. Subscriptions Systeme.io disabled
(BAD_SUCCESS_RATE) are re-activated, and the output says so.

The API never returns secrets, so the name carries a fingerprint of the
secret: "systeme-hooks sale-new ·a1b2c3d4", the first 8 hex characters of
HMAC-SHA256(secret, "systeme-hooks:fingerprint"), which does not reveal it.
After a rotation the fingerprint differs and the webhook is updated.

Exit codes: 0 done, 1 failure (API, rules file, a subscription left
disabled), 2 usage error (including an http:// URL without --allow-http).

Examples:
  systeme-hooks webhook register --url https://hooks.example/webhooks/systeme
  PUBLIC_URL=https://hooks.example systeme-hooks webhook register
  ALLOW_SINGLE_SECRET_ROUTE=true systeme-hooks webhook register --single
  npm run bootstrap        # the same, from a checkout (reads .env)`;

export function registerWebhook(program: Command, io: CommandIo): void {
  const webhook = program
    .command('webhook')
    .description('Register and check the Systeme.io webhooks that deliver to this service')
    .addHelpText('after', '\nExamples:\n  systeme-hooks webhook register --url https://hooks.example/webhooks/systeme\n  systeme-hooks webhook status --json');

  webhook
    .command('register')
    .description('Create or update our webhooks in Systeme.io (idempotent), re-activating disabled subscriptions')
    .option('--url <url>', 'public URL of the receiver route (default: $PUBLIC_URL/webhooks/systeme)')
    .addOption(nameOption())
    .addOption(eventsOption())
    .option('--single', 'one webhook on the single-secret route instead of one per event (needs ALLOW_SINGLE_SECRET_ROUTE=true)')
    .option('--allow-http', 'accept a plain http:// URL (local tests only)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', REGISTER_HELP)
    .action(async (options) => (await import('../webhook/run-register.js')).runRegister(io, options));

  webhook
    .command('list')
    .description("List every webhook of the Systeme.io account, with each subscription's state")
    .option('--json', 'print the webhooks as JSON')
    .addHelpText('after', '\nExamples:\n  systeme-hooks webhook list\n  systeme-hooks webhook list --json | jq ".[].url"')
    .action(async (options: { json?: boolean }) => {
      const { collect, gatewayFor } = await gatewayModules();
      const webhooks = await collect(gatewayFor(configFor(io, ['api']), io).webhooks.list());
      if (options.json) printJson(io, webhooks);
      else print(io, (await import('../webhook/format-webhooks.js')).formatWebhookList(webhooks));
    });

  webhook
    .command('delete')
    .description('Delete one webhook by id, or ours at a URL (the URL and its per-event URLs)')
    .argument('[id]', 'webhook id (a UUID: see webhook list)')
    .option('--url <url>', 'delete the webhooks at this URL and at its per-event URLs (<url>/sale-new, …)')
    .addHelpText(
      'after',
      '\nExamples:\n  systeme-hooks webhook delete 0190f5c2-…\n  systeme-hooks webhook delete --url https://hooks.example/webhooks/systeme',
    )
    .action(async (id: string | undefined, options: { url?: string }) => {
      if (id !== undefined && options.url !== undefined) throw usageError('give either a webhook id or --url, not both');
      if (id === undefined && options.url === undefined) throw usageError('give the id of the webhook to delete (see webhook list), or --url to delete ours at that URL');
      const { collect, gatewayFor, NotFoundError } = await gatewayModules();
      const { routeOfUrl } = await import('../webhook/naming.js');
      const gateway = gatewayFor(configFor(io, ['api']), io);
      if (id !== undefined) {
        try {
          await gateway.webhooks.delete(id);
        } catch (error) {
          if (error instanceof NotFoundError) throw new CliError(`No webhook ${id} in this Systeme.io account (see systeme-hooks webhook list).`);
          throw error;
        }
        print(io, `deleted  ${id}`);
        return;
      }
      const baseUrl = options.url!.replace(/\/+$/, '');
      const targets = (await collect(gateway.webhooks.list())).filter((w) => routeOfUrl(baseUrl, w.url) !== undefined);
      if (targets.length === 0) throw new CliError(`No webhook at ${baseUrl} or its per-event URLs (see systeme-hooks webhook list).`);
      for (const target of targets) {
        await gateway.webhooks.delete(target.id);
        print(io, `deleted  ${target.id}  ${target.name}  ${target.url}`);
      }
    });

  webhook
    .command('status')
    .description('Check that our webhooks deliver every event the rules use; exit 1 when not (for monitoring)')
    .option('--url <url>', 'find ours by this URL (default: $PUBLIC_URL/webhooks/systeme; else by name)')
    .addOption(nameOption())
    .addOption(eventsOption())
    .option('--json', 'print the state as JSON')
    .addHelpText(
      'after',
      `
Exit code 1 when: no webhook of ours exists; one is inactive; a subscription is
disabled (by Systeme.io, e.g. BAD_SUCCESS_RATE, or for an event the rules need);
an event the rules use reaches no route that accepts it; a webhook's secret
fingerprint matches none of SYSTEME_WEBHOOK_SECRET; or a webhook posts to the
single-secret route while ALLOW_SINGLE_SECRET_ROUTE is off. Otherwise 0.

Examples:
  systeme-hooks webhook status --url https://hooks.example/webhooks/systeme
  systeme-hooks webhook status --json || echo "webhooks need attention"`,
    )
    .action(async (options) => (await import('../webhook/run-status.js')).runStatus(io, options));
}
