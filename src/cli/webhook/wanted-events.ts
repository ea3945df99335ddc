import { RulesError } from '../../rules/rules-error.js';
import { loadRulesFile } from '../../rules/load-rules-file.js';
import { EVENT_TYPES, type EventType } from '../../events/event-types.js';
import { CliError } from '../command-context.js';

export type EventsMode = 'all' | 'rules';

/** The events to deliver: all six, or those the rules file listens to (`--events rules`). */
export async function wantedEvents(mode: EventsMode, rulesFile: string): Promise<{ events: EventType[]; source: string }> {
  if (mode === 'all') return { events: [...EVENT_TYPES], source: 'all event types' };
  try {
    const ruleSet = await loadRulesFile(rulesFile);
    return { events: ruleSet.events(), source: `the events the rules in ${rulesFile} use` };
  } catch (error) {
    if (error instanceof RulesError) {
      throw new CliError(`${error.message}\nFix the rules file (see systeme-hooks rules check), point RULES_FILE at it, or pass --events all.`);
    }
    throw error;
  }
}
