import { RulesError } from '../../rules/rules-error.js';
import { loadRulesFile } from '../../rules/load-rules-file.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { CliError } from '../command-context.js';

/** The rules file, or a failure (exit 1) listing every mistake with its location. */
export async function loadRulesOrFail(file: string): Promise<RuleSet> {
  try {
    return await loadRulesFile(file);
  } catch (error) {
    if (error instanceof RulesError) throw new CliError(error.message);
    throw error;
  }
}
