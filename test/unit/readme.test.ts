import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../../src/config/env-schema.js';
import { parseRules } from '../../src/rules/parse-rules.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README', () => {
  it("documents a rules example that the rules parser accepts", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section('Rules reference'))?.[1];
    expect(example).toBeDefined();
    const result = parseRules(example!, 'README.md');
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.ruleSet.rules.map((rule) => rule.name)).toEqual(['buyers-get-the-course', 'refunds-lose-access']);
  });

  it('lists every configuration variable in its configuration reference', () => {
    const reference = section('Configuration reference');
    const documented = [...reference.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...ENV_KEYS].sort());
  });

  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toContain('npm ci && npm test');
  });
});
