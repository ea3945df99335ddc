import type { Command } from 'commander';
import { rulesJsonSchemaText } from '../../rules/json-schema.js';
import type { CommandIo } from '../command-context.js';
import { runCheck } from '../rules/run-check.js';
import { runExplain } from '../rules/run-explain.js';
import { parseEvent } from '../shared/option-parsers.js';

export function registerRules(program: Command, io: CommandIo): void {
  const rules = program
    .command('rules')
    .description('Check the rules file, explain what it does with a payload, print its JSON Schema')
    .addHelpText('after', '\nExamples:\n  systeme-hooks rules check\n  systeme-hooks rules explain --event SALE_NEW --payload sale.json');

  rules
    .command('check')
    .description('Validate the rules file; print its rules, events and actions, or every mistake with its location')
    .option('--file <path>', 'rules file (default: RULES_FILE, ./rules.yaml)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Exit code 1 when the file is invalid (every mistake is listed, with its
location). A destructive action (cancel_subscription, unenroll,
leave_community, remove_tag) while ALLOW_SINGLE_SECRET_ROUTE is true prints a
warning on stderr; the exit code stays 0.

Examples:
  systeme-hooks rules check
  systeme-hooks rules check --file rules.example.yaml --json`,
    )
    .action((options) => runCheck(io, options));

  rules
    .command('explain')
    .description('Show which rules match a payload, why the others do not, and the API calls they would make')
    .requiredOption('--event <EVENT>', 'event type, e.g. SALE_NEW (or sale-new)', parseEvent)
    .requiredOption('--payload <file>', 'a delivery body, raw as Systeme.io sends it (PHP-escaped JSON is fine)')
    .option('--file <path>', 'rules file (default: RULES_FILE, ./rules.yaml)')
    .option('--resolve', 'look tag names up in Systeme.io to show real ids (reads only; needs an API key)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      `
Nothing is written: without --resolve no API call is made at all.

Examples:
  systeme-hooks rules explain --event SALE_NEW --payload sale.json
  systeme-hooks rules explain --event contact-opt-in --payload o.json --resolve`,
    )
    .action((options) => runExplain(io, options));

  rules
    .command('schema')
    .description('Print the JSON Schema of the rules file (for editors)')
    .addHelpText('after', '\nExample:\n  systeme-hooks rules schema > rules.schema.json')
    .action(() => {
      io.stdout.write(rulesJsonSchemaText());
    });
}
