import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliReference, replaceCliReference } from '../../src/cli/cli-reference.js';

describe('CLI reference', () => {
  const reference = cliReference();

  it('is what docs/cli.md holds between the cli-reference markers (run `npm run docs:cli` after changing a command)', () => {
    const page = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    expect(replaceCliReference(page, reference)).toBe(page);
  });

  it('documents every command and subcommand with its examples', () => {
    for (const command of [
      'serve', 'work', 'start', 'webhook register', 'webhook list', 'webhook delete', 'webhook status',
      'rules check', 'rules explain', 'rules schema', 'trigger', 'failed list', 'failed show', 'failed retry',
      'failed purge', 'history', 'maton connections', 'maton connect', 'maton disconnect', 'sim',
    ]) {
      const section = reference.split(`### \`systeme-hooks ${command}\``)[1]?.split('### ')[0];
      expect(section, command).toBeDefined();
      expect(section, command).toMatch(/Examples?:/);
    }
  });

  it('does not depend on the terminal', () => {
    expect(reference.split('\n').every((line) => line.length <= 82)).toBe(true);
    expect(cliReference()).toBe(reference);
  });

  it('refuses a page without the markers', () => {
    expect(() => replaceCliReference('# readme\n', reference)).toThrow(/cli-reference:start/);
  });
});
