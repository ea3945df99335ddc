import { readFile } from 'node:fs/promises';
import { builtInActions } from '../actions/built-in.js';
import type { ActionRegistry } from '../actions/registry.js';
import { parseRules } from './parse-rules.js';
import { RulesError } from './rules-error.js';
import type { RuleSet } from './rule-set.js';

/** Reads and validates `RULES_FILE`; throws one RulesError listing every problem (or why the file cannot be read). */
export async function loadRulesFile(path: string, actions: ActionRegistry = builtInActions): Promise<RuleSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RulesError(path, [
      code === 'ENOENT'
        ? 'file not found; create it (rules.example.yaml is a starting point) or point RULES_FILE at it'
        : `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  const result = parseRules(text, path, actions);
  if (!result.ok) throw new RulesError(path, result.located);
  return result.ruleSet;
}
