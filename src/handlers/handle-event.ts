import type { RuleSet } from '../rules/rule-set.js';
import { saleBusinessKey } from '../events/business-key.js';
import type { SystemeEvent } from '../events/systeme-event.js';
import type { SaleHistory } from './ports.js';
import { ActionFailedError, ReactionError } from './errors.js';
import type { ActionOutcome, ReactionDeps } from '../actions/reaction-deps.js';
import { explainRules, type RuleExplanation } from '../rules/select-rules.js';
import { createEventView } from '../actions/event-view.js';

export interface ActionReport {
  rule: string;
  index: number;
  type: string;
  /** `done_before`: a previous attempt of this message completed it. */
  outcome: ActionOutcome | 'done_before';
}

export interface HandleReport {
  matched: string[];
  actions: ActionReport[];
  /** Why nothing was run, when the event was skipped as a whole. */
  skipped?: string;
}

/** One action as it ended, for the contact's history. */
export interface ActionTrace {
  rule: string;
  index: number;
  type: string;
  /** What it does, templates filled in: `add_tag "plan-3456"`. */
  does: string;
  outcome: ActionReport['outcome'] | 'failed';
  error?: string;
}

/** Told what the handler decided, as it goes (the worker records it in the contact's history). */
export interface HandleTrace {
  rules(explanations: readonly RuleExplanation[]): void;
  action(trace: ActionTrace): void;
}

export interface HandleDeps extends Omit<ReactionDeps, 'view'> {
  /** The rules in force now (hot reload swaps them between jobs). */
  rules: () => RuleSet;
  /** Sales cancelled so far: a SALE_NEW for a cancelled order item is not acted on. */
  sales?: SaleHistory;
  /** Called after each action (metrics). */
  onAction?: (report: ActionReport) => void;
  trace?: HandleTrace | undefined;
}

/** The ledger key of one action: rule name + position (the rule name is unique in a file). */
export const actionKey = (rule: string, index: number) => `${rule}#${index}`;

/**
 * Runs the actions of every matching rule, in file order. An action a previous attempt of the
 * same message completed is not run again; each completed action is recorded before the next.
 * The actions share one view of what they read (the contact, its enrollments and memberships),
 * made anew for each attempt: a retried job reads afresh and sees the writes made before it.
 */
export async function handleEvent(event: SystemeEvent, deps: HandleDeps): Promise<HandleReport> {
  if (event.type === 'SALE_NEW' && deps.sales) {
    const business = saleBusinessKey(event.type, event.data);
    if (business && (await deps.sales.isCancelled(business))) {
      const skipped = `${business} was cancelled; access is not granted again`;
      deps.log.warn({ business }, 'sale for a cancelled order item not acted on');
      return { matched: [], actions: [], skipped };
    }
  }
  const explanations = explainRules(deps.rules(), event.type, event.data);
  deps.trace?.rules(explanations);
  const rules = explanations.filter((explanation) => explanation.matched).map((explanation) => explanation.rule);
  const report: HandleReport = { matched: rules.map((rule) => rule.name), actions: [] };
  if (rules.length === 0) return report;
  const done = await deps.ledger.done(event.messageId);
  const reactionDeps: ReactionDeps = { ...deps, view: createEventView(deps.gateway) };
  for (const rule of rules) {
    for (const [index, step] of rule.steps.entries()) {
      const action = step.action;
      const key = actionKey(rule.name, index);
      const entry: ActionReport = { rule: rule.name, index, type: action.type, outcome: 'done_before' };
      const trace = (outcome: ActionTrace['outcome'], error?: unknown) =>
        deps.trace?.action({
          rule: rule.name,
          index,
          type: action.type,
          does: step.describe(event.data),
          outcome,
          ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      if (!done.has(key)) {
        const rendered = step.render(event.data);
        if (!rendered.ok) {
          const error = new ActionFailedError(rule.name, index, action.type, new ReactionError('TEMPLATE_EMPTY', rendered.error, { retryable: false }));
          trace('failed', error);
          throw error;
        }
        try {
          const outcome = await step.module.run(rendered.action, event, reactionDeps);
          // In a dry run the gateway only recorded the write.
          entry.outcome = deps.dryRun && outcome === 'done' ? 'dry_run' : outcome;
        } catch (error) {
          trace('failed', error);
          throw new ActionFailedError(rule.name, index, action.type, error);
        }
        if (entry.outcome !== 'dry_run') await deps.ledger.mark(event.messageId, key);
      }
      trace(entry.outcome);
      report.actions.push(entry);
      deps.onAction?.(entry);
    }
  }
  // Nothing of this message is left to run: its ledger need not outlive a re-run of the job.
  if (!deps.dryRun) await deps.ledger.complete(event.messageId);
  return report;
}
