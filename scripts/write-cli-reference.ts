// Rewrites the CLI reference in docs/cli.md (between <!-- cli-reference:start --> and
// <!-- cli-reference:end -->) from the commander program. Run `npm run docs:cli`
// (builds, then runs dist/scripts/write-cli-reference.js).
// test/unit/cli-reference.test.ts fails when docs/cli.md differs from cliReference().
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cliReference, replaceCliReference } from '../src/cli/cli-reference.js';

// Compiled to dist/scripts/: the repository is two levels up.
const pagePath = fileURLToPath(new URL('../../docs/cli.md', import.meta.url));
const page = await readFile(pagePath, 'utf8');
const updated = replaceCliReference(page, cliReference());
if (updated === page) {
  console.log(`${pagePath}: CLI reference already up to date`);
} else {
  await writeFile(pagePath, updated);
  console.log(`${pagePath}: CLI reference rewritten`);
}
