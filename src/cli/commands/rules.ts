import type { Command } from 'commander';
import { CliError, type CommandIo } from '../command-context.js';
import type { CheckOptions } from '../rules/run-check.js';
import { parseEvent } from '../support/option-parsers.js';

// The rules code is imported on use: `serve` and `work` start without loading it for this command.
const check = () => import('../rules/run-check.js');
const explain = () => import('../rules/run-explain.js');
const schema = () => import('../../rules/json-schema.js');

export function registerRules(program: Command, io: CommandIo): void {
  const rules = program
    .command('rules')
    .description('Check the rules file, explain what it does with a payload, print its JSON Schema')
    .addHelpText('after', '\nExamples:\n  systeme-hooks rules check\n  systeme-hooks rules explain --event SALE_NEW --payload sale.json');

  rules
    .command('check')
    .description('Validate the rules file; print its rules, events and actions, or every mistake with its location')
    .argument('[file]', 'rules file, as --file')
    .option('--file <path>', 'rules file (default: RULES_FILE, ./rules.yaml)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Exit code 1 when the file is invalid (every mistake is listed, with its
path and YAML line:column, and a suggestion for a misspelt event, operator or
action). A destructive action (cancel_subscription, unenroll, revoke,
leave_community, remove_tag) while ALLOW_SINGLE_SECRET_ROUTE is true prints a
warning on stderr; the exit code stays 0.

Examples:
  systeme-hooks rules check
  systeme-hooks rules check rules.example.yaml
  systeme-hooks rules check --file rules.example.yaml --json`,
    )
    .action(async (file: string | undefined, options: CheckOptions) => {
      const fileName = fileArgument(file, options.file);
      await (await check()).runCheck(io, { ...options, file: fileName });
    });

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
    .action(async (options) => (await explain()).runExplain(io, options));

  rules
    .command('schema')
    .description('Print the JSON Schema of the rules file (for editors)')
    .addHelpText('after', '\nExample:\n  systeme-hooks rules schema > rules.schema.json')
    .action(async () => {
      io.stdout.write((await schema()).rulesJsonSchemaText());
    });
}

/** `rules check FILE` and `rules check --file FILE` are the same; naming two different files is a usage error. */
function fileArgument(argument: string | undefined, option: string | undefined): string | undefined {
  if (argument !== undefined && option !== undefined && argument !== option) {
    throw new CliError(`rules check: give the rules file once (${argument} or --file ${option})`, 2);
  }
  return argument ?? option;
}
