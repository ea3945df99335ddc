import { planEvent, type PlannedAction } from '../../actions/plan/plan-event.js';
import type { EventType } from '../../events/event-types.js';
import type { EventData } from '../../events/normalise.js';
import { gatewayOptionsFromConfig } from '../../gateway/index.js';
import { describeCondition, describeExplanation } from '../../rules/describe-explanation.js';
import { explainRules } from '../../rules/select-rules.js';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { loadRulesOrFail } from './load-rules.js';
import { readPayloadFile } from './read-payload.js';

/** The options of `rules explain`; `file` defaults to RULES_FILE, `resolve` to false. */
export interface ExplainOptions {
  event: EventType;
  payload: string;
  file?: string;
  resolve?: boolean;
  json?: boolean;
}

/** `rules explain`: which rules match one payload, why the others do not, and the calls the matching ones would make. */
export async function runExplain(io: CommandIo, options: ExplainOptions): Promise<void> {
  const config = configFor(io, options.resolve ? ['api'] : []);
  const file = options.file ?? config.worker.rulesFile;
  const ruleSet = await loadRulesOrFail(file);
  const data = await readPayloadFile(options.payload, options.event);
  const explanations = explainRules(ruleSet, options.event, data);

  // The real reactions, against a gateway that records every call and sends no write.
  const planned = await planEvent(ruleSet, options.event, data, options.resolve ? { resolve: gatewayOptionsFromConfig(config) } : {});

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
  } else {
    print(io, textReport(options, file, data, explanations.flatMap((e) => describeExplanation(e, data)), planned));
  }
  const failure = planned.find((item) => item.apiFailure !== undefined)?.apiFailure;
  if (failure !== undefined) {
    throw new CliError(`--resolve could not read from Systeme.io (${failure}): the calls above are not the account's; fix that, or leave out --resolve`);
  }
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
