import type { EventType } from '../../events/event-types.js';
import type { EventData } from '../../events/normalise.js';
import { describeAction } from '../../rules/describe-action.js';
import { describeCondition, describeExplanation } from '../../rules/describe-explanation.js';
import { renderAction } from '../../rules/render-template.js';
import { explainRules } from '../../rules/select-rules.js';
import { configFor, print, printJson, type CommandIo } from '../command-context.js';
import { gatewayFor } from '../shared/gateway-for.js';
import { loadRulesOrFail } from './load-rules.js';
import { plannedCalls, type PlannedCalls } from './planned-calls.js';
import { readPayloadFile } from './read-payload.js';

/** The options of `rules explain`; `file` defaults to RULES_FILE, `resolve` to false. */
export interface ExplainOptions {
  event: EventType;
  payload: string;
  file?: string;
  resolve?: boolean;
  json?: boolean;
}

interface PlannedAction extends PlannedCalls {
  rule: string;
  index: number;
  action: string;
}

/** `rules explain`: which rules match one payload, why the others do not, and the calls the matching ones would make. */
export async function runExplain(io: CommandIo, options: ExplainOptions): Promise<void> {
  const config = configFor(io, options.resolve ? ['api'] : []);
  const file = options.file ?? config.worker.rulesFile;
  const ruleSet = await loadRulesOrFail(file);
  const data = await readPayloadFile(options.payload, options.event);
  const explanations = explainRules(ruleSet, options.event, data);

  const rendered = explanations
    .filter((explanation) => explanation.matched)
    .flatMap((explanation) => explanation.rule.actions.map((action, index) => ({ rule: explanation.rule.name, index, action, result: renderAction(action, data) })));
  const tagIds = new Map<string, number | null>();
  if (options.resolve) {
    // Reads only: tag names to ids, so the calls below show real ids.
    const gateway = gatewayFor(config, io);
    for (const { result } of rendered) {
      if (!result.ok || (result.action.type !== 'add_tag' && result.action.type !== 'remove_tag') || !('name' in result.action.tag)) continue;
      const name = result.action.tag.name;
      if (!tagIds.has(name)) tagIds.set(name, (await gateway.tags.findByName(name))?.id ?? null);
    }
  }
  const planned: PlannedAction[] = rendered.map(({ rule, index, action, result }) => ({
    rule,
    index,
    action: describeAction(action, data),
    ...(result.ok ? plannedCalls(result.action, data, tagIds) : { reads: [], writes: [], note: `cannot run for this event: ${result.reason}` }),
  }));

  if (options.json) {
    printJson(io, {
      event: options.event,
      file,
      contact: data.contact.id,
      rules: explanations.map((e) => ({
        name: e.rule.name,
        listens: e.listens,
        matched: e.matched,
        conditions: e.conditions.map((o) => ({ condition: describeCondition(o.condition), passed: o.passed, seen: o.seen })),
      })),
      calls: planned,
    });
    return;
  }
  print(io, textReport(options, file, data, explanations.flatMap((e) => describeExplanation(e, data)), planned));
}

function textReport(options: ExplainOptions, file: string, data: EventData, explained: string[], planned: PlannedAction[]): string {
  const lines = [`${options.event} for contact ${data.contact.id} (${options.payload}), rules from ${file}:`, '', ...explained, ''];
  if (planned.length === 0) {
    lines.push(`No rule matches: no API call would be made.`);
  } else {
    lines.push('API calls (reads first; each write only when the reads show it is needed):');
    for (const item of planned) {
      lines.push(`${item.rule} #${item.index}: ${item.action}`);
      for (const call of [...item.reads, ...item.writes]) lines.push(`  ${call}`);
      if (item.note) lines.push(`  (${item.note})`);
    }
  }
  lines.push('', options.resolve ? 'Only reads were made (tag lookups); nothing was written.' : 'No API call was made (--resolve looks tag names up, reading only).');
  return lines.join('\n');
}
