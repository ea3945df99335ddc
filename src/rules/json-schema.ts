import { z } from 'zod';
import { builtInActions } from '../actions/built-in.js';
import { rulesFileSchemaFor } from './rule-schema.js';

/**
 * The JSON Schema of the rules file as written (zod's input side), for editors:
 * `# yaml-language-server: $schema=./rules.schema.json`. Cross-key checks (unique names,
 * paths per event, regex safety) exist only in parseRules.
 * Regenerate rules.schema.json with `npm run build && node scripts/write-rules-schema.mjs`.
 */
export function rulesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(rulesFileSchemaFor(builtInActions), { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
}

/** The file text of rules.schema.json: stable, two-space indented, ending with a newline. */
export function rulesJsonSchemaText(): string {
  return `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`;
}
