import { planCalls } from '../../actions/plan/plan-calls.js';
import { compileAction } from '../../rules/render-template.js';
import { fixEvent, type Fix } from './fixes.js';

/** The calls a fix would make: each step's real reaction run against the recording gateway `rules explain` uses. */
export async function plannedCalls(fix: Fix): Promise<{ reads: string[]; writes: string[] }> {
  const event = fixEvent(fix);
  const reads: string[] = [];
  const writes: string[] = [];
  for (const step of fix.steps) {
    const planned = await planCalls(compileAction(step.module, step.action), event);
    reads.push(...planned.reads);
    writes.push(...planned.writes);
  }
  return { reads, writes };
}
