// Rewrites the CLI reference in README.md (between <!-- cli-reference:start --> and
// <!-- cli-reference:end -->) from the commander program. Run `npm run docs:cli`
// (builds, then runs dist/scripts/write-cli-reference.js).
// test/unit/cli-reference.test.ts fails when the README section differs from cliReference().
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cliReference, replaceCliReference } from '../src/cli/cli-reference.js';

// Compiled to dist/scripts/: the README is two levels up.
const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const readme = await readFile(readmePath, 'utf8');
const updated = replaceCliReference(readme, cliReference());
if (updated === readme) {
  console.log(`${readmePath}: CLI reference already up to date`);
} else {
  await writeFile(readmePath, updated);
  console.log(`${readmePath}: CLI reference rewritten`);
}
