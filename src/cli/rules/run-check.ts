import { RulesError } from '../../rules/rules-error.js';
import { loadRulesFile } from '../../rules/load-rules-file.js';
import { describeCondition } from '../../rules/describe-explanation.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { destructiveWarnings } from './destructive-warnings.js';

/** The options of `rules check`; `file` defaults to RULES_FILE. */
export interface CheckOptions {
  file?: string;
  json?: boolean;
}

/** `rules check`: the rules as understood, or every mistake (exit 1); warnings go to stderr. */
export async function runCheck(io: CommandIo, options: CheckOptions): Promise<void> {
  const config = configFor(io);
  const file = options.file ?? config.worker.rulesFile;
  let ruleSet;
  try {
    ruleSet = await loadRulesFile(file);
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    if (!options.json) throw new CliError(error.message);
    printJson(io, { file, valid: false, problems: error.problems });
    throw new CliError(`${file}: ${error.problems.length} problem(s)`);
  }
  const warnings = destructiveWarnings(ruleSet, config.webhook.allowSingleSecretRoute);
  const rules = ruleSet.rules.map((rule) => ({
    name: rule.name,
    on: rule.events,
    when: rule.conditions.map(describeCondition),
    do: rule.steps.map((step) => step.describe()),
  }));
  if (options.json) {
    printJson(io, { file, valid: true, events: ruleSet.events(), rules, warnings });
  } else {
    const lines = [`${file}: valid, ${rules.length} rule(s)`, `Events listened to: ${ruleSet.events().join(', ') || 'none'}`];
    for (const rule of rules) {
      lines.push('', `${rule.name} (on ${rule.on.join(', ')})`);
      for (const condition of rule.when) lines.push(`  when ${condition}`);
      for (const action of rule.do) lines.push(`  → ${action}`);
    }
    print(io, lines.join('\n'));
  }
  for (const warning of warnings) io.stderr.write(`${warning}\n`);
}
