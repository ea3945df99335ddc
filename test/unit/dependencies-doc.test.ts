import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const project = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const page = readFileSync(new URL('../../docs/dependencies.md', import.meta.url), 'utf8');

describe('docs/dependencies.md', () => {
  it('says why each dependency of package.json is there', () => {
    const named = (name: string) => page.includes(`\`${name}\``);
    expect(Object.keys(project.dependencies).filter((name) => !named(name))).toEqual([]);
    expect(Object.keys(project.devDependencies).filter((name) => !named(name))).toEqual([]);
  });
});
