import { LineCounter, parseDocument } from 'yaml';
import { builtInActions } from '../actions/built-in.js';
import type { ActionRegistry } from '../actions/registry.js';
import { crossChecks } from './cross-checks.js';
import { defaultMessages, formatProblem, zodProblems, type Problem } from './problems.js';
import { createRuleSet, type RuleSet } from './rule-set.js';
import { rulesFileSchemaFor } from './rule-schema.js';

export type RulesResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] };

/**
 * Parses and validates a rules file's text. Never throws: on failure, `errors` lists every
 * mistake found, each as `location: what to fix` (`rules[2].do[0].enroll.access: expected …`),
 * or `line L:C: …` for YAML syntax errors. `actions` are the action types the file may use.
 */
export function parseRules(yamlText: string, source = 'rules file', actions: ActionRegistry = builtInActions): RulesResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true, resolveKnownTags: false });
  // Warnings count too: they are unresolved tags (`!!binary`, `!foo`), which a rules file has no use for.
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    return {
      ok: false,
      errors: yamlProblems.map((problem) => {
        const { line, col } = lineCounter.linePos(problem.pos[0]);
        const message =
          problem.code === 'MULTIPLE_DOCS' ? 'a rules file holds one YAML document; remove the "---" separator' : problem.message;
        return `line ${line}:${col}: ${message}`;
      }),
    };
  }
  if (doc.contents === null) {
    return { ok: false, errors: ['the file is empty; it needs a "rules" list (write rules: [] for no reactions)'] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, errors: [`cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = rulesFileSchemaFor(actions).safeParse(data, { error: defaultMessages, reportInput: true });
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error.issues)), ...crossChecks(data, actions)];
  if (problems.length > 0 || !parsed.success) return { ok: false, errors: byRule(problems).map(formatProblem) };
  return { ok: true, ruleSet: createRuleSet(parsed.data.rules, source, actions) };
}

/** File-level problems first, then rule by rule (stable within a rule). */
function byRule(problems: Problem[]): Problem[] {
  const ruleIndex = (problem: Problem) => (problem.path[0] === 'rules' && typeof problem.path[1] === 'number' ? problem.path[1] : -1);
  return [...problems].sort((a, b) => ruleIndex(a) - ruleIndex(b));
}
