import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('gives the test commands that .ci/run runs, in its order', () => {
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    const commands = ci.split('\n').map((line) => line.trim()).filter((line) => /^npm /.test(line));
    expect(commands).toEqual(['npm ci', 'npm test', 'npm run test:docker']);
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm run test:docker');
  });

  it('stays an introduction: under 300 lines, with the pitch, the quick starts, the settings and the endpoints', () => {
    expect(readme.split('\n').length).toBeLessThan(300);
    for (const heading of ['## Architecture', '### Local quick start (no account needed)', '### Docker Compose', '## Required settings', '## Endpoints', '## Documentation']) {
      expect(readme, heading).toContain(`\n${heading}\n`);
    }
  });

  it('names every required setting', () => {
    for (const name of ['SYSTEME_WEBHOOK_SECRET', 'SYSTEME_API_KEY', 'MATON_API_KEY', 'PUBLIC_URL', 'REDIS_URL', 'RULES_FILE']) {
      expect(readme, name).toContain(`\`${name}\``);
    }
  });
});
