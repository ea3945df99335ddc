import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../../src/config/env-schema.js';
import { parseRules } from '../../src/rules/parse-rules.js';

const page = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  it('documents a rules example that the rules parser accepts', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(page('rules.md'))?.[1];
    expect(example).toBeDefined();
    const result = parseRules(example!, 'docs/rules.md');
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.ruleSet.rules.map((rule) => rule.name)).toEqual(['buyers-get-the-course', 'refunds-lose-access']);
  });
});

describe('docs/configuration.md', () => {
  it('lists every configuration variable in its configuration reference', () => {
    const documented = [...page('configuration.md').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...ENV_KEYS].sort());
  });
});
