// Writes rules.schema.json (the JSON Schema editors use for rules files) from the zod schema.
// Run after a build: `npm run build && node scripts/write-rules-schema.mjs`.
// test/unit/rules-files.test.ts fails when the committed file differs from what this writes.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { rulesJsonSchemaText } from '../dist/src/rules/json-schema.js';

const target = fileURLToPath(new URL('../rules.schema.json', import.meta.url));
await writeFile(target, rulesJsonSchemaText());
console.log(`wrote ${target}`);
