import { LineCounter, parseDocument } from 'yaml';
import { builtInActions } from '../actions/built-in.js';
import type { ActionRegistry } from '../actions/registry.js';
import { crossChecks } from './cross-checks.js';
import { entitlementProblems, withEntitlements } from './entitlement-checks.js';
import { defaultMessages, formatProblem, zodProblems, type Problem } from './problems.js';
import { createRuleSet, type RuleSet } from './rule-set.js';
import { locate } from './locate.js';
import { rulesFileSchemaFor } from './rule-schema.js';
import { suggestFix } from './suggest-fix.js';

export type RulesResult =
  | { ok: true; ruleSet: RuleSet }
  /** `located` is `errors` with each mistake's place in the YAML text in front (`line 9:11: …`) when it has one. */
  | { ok: false; errors: string[]; located: string[] };

/**
 * Parses and validates a rules file's text. Never throws: on failure, `errors` lists every
 * mistake found, each as `location: what to fix` (`rules[2].do[0].enroll.access: expected …`,
 * with a "did you mean" for a misspelt event, action, operator or key), or `line L:C: …` for
 * YAML syntax errors; `located` has the same with `line L:C: ` in front. `actions` are the
 * action types the file may use.
 */
export function parseRules(yamlText: string, source = 'rules file', actions: ActionRegistry = builtInActions): RulesResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true, resolveKnownTags: false });
  // Warnings count too: they are unresolved tags (`!!binary`, `!foo`), which a rules file has no use for.
  const yamlProblems = [...doc.errors, ...doc.warnings];
  if (yamlProblems.length > 0) {
    return failure(
      yamlProblems.map((problem) => {
        const { line, col } = lineCounter.linePos(problem.pos[0]);
        const message =
          problem.code === 'MULTIPLE_DOCS' ? 'a rules file holds one YAML document; remove the "---" separator' : problem.message;
        return `line ${line}:${col}: ${message}`;
      }),
    );
  }
  if (doc.contents === null) {
    return failure(['the file is empty; it needs a "rules" list (write rules: [] for no reactions)']);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failure([`cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = rulesFileSchemaFor(actions).safeParse(data, { error: defaultMessages, reportInput: true });
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error.issues)), ...crossChecks(data, actions), ...entitlementProblems(data)];
  if (problems.length > 0 || !parsed.success) {
    const sorted = byRule(problems.map(suggestFix));
    const located = sorted.map((problem) => {
      const at = locate(doc, lineCounter, problem.path);
      return at ? `line ${at.line}:${at.col}: ${formatProblem(problem)}` : formatProblem(problem);
    });
    return failure(sorted.map(formatProblem), located);
  }
  const entitlements = parsed.data.entitlements ?? [];
  return { ok: true, ruleSet: createRuleSet(withEntitlements(parsed.data.rules, entitlements), source, actions, entitlements) };
}

function failure(errors: string[], located = errors): RulesResult {
  return { ok: false, errors, located };
}

/** File-level problems first, then rule by rule (stable within a rule). */
function byRule(problems: Problem[]): Problem[] {
  const ruleIndex = (problem: Problem) =>
    problem.path[0] === 'rules' && typeof problem.path[1] === 'number' ? problem.path[1] : problem.path[0] === 'entitlements' ? Infinity : -1;
  return [...problems].sort((a, b) => ruleIndex(a) - ruleIndex(b));
}
