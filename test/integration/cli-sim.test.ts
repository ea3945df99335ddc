import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';

const seed = fileURLToPath(new URL('../../examples/sim-seed.json', import.meta.url));

describe('sim', () => {
  it('runs the simulator with a seed until SIGTERM, printing its URL', async () => {
    const sim = startCli(['sim', '--port', '0', '--api-key', 'sim-key', '--seed', seed, '--latency', '0', '--rate-limit', '100/1', '--other-integration', '0.5']);
    try {
      const [, url] = await sim.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const tags = await fetch(`${url}/api/tags`, { headers: { 'x-api-key': 'sim-key' } });
      expect(tags.status).toBe(200);
      expect(tags.headers.get('x-ratelimit-limit')).toBe('100');
      expect(Number(tags.headers.get('x-ratelimit-remaining'))).toBeLessThanOrEqual(99);
      expect(((await tags.json()) as { items: { name: string }[] }).items.map((t) => t.name)).toContain('Customers');
      expect((await fetch(`${url}/api/tags`, { headers: { 'x-api-key': 'other' } })).status).toBe(401);
    } finally {
      expect(await sim.stop('SIGTERM')).toBe(0);
    }
  });

  it('falls back to SYSTEME_API_KEY, and stops on SIGINT', async () => {
    const sim = startCli(['sim', '--port', '0'], { SYSTEME_API_KEY: 'env-key' });
    const [, url] = await sim.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await fetch(`${url}/api/tags`, { headers: { 'x-api-key': 'env-key' } })).status).toBe(200);
    expect(await sim.stop('SIGINT')).toBe(0);
  });

  it('refuses bad options with exit 2, and an unreadable seed with exit 1', async () => {
    const noKey = await runCli(['sim', '--port', '0']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--api-key is required');
    expect((await runCli(['sim', '--api-key', 'k', '--fail-rate', '2'])).code).toBe(2);
    expect((await runCli(['sim', '--api-key', 'k', '--rate-limit', 'lots'])).code).toBe(2);
    expect((await runCli(['sim', '--api-key', 'k', '--other-integration', '1.5'])).code).toBe(2);
    const badSeed = await runCli(['sim', '--api-key', 'k', '--port', '0', '--seed', '/nonexistent/seed.json']);
    expect(badSeed.code).toBe(1);
    expect(badSeed.stderr).toContain('Cannot read seed file /nonexistent/seed.json');
  });
});

describe('the binary', () => {
  it('lists every command in --help, with exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'work', 'start', 'webhook', 'rules', 'trigger', 'failed', 'maton', 'sim']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error.');
  });

  it('exits 2 on usage errors: unknown command or option, missing subcommand', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await runCli(['rules', 'check', '--colour'])).code).toBe(2);
    const group = await runCli(['webhook']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('Usage: systeme-hooks webhook');
  });

  it('exits 1 with every configuration mistake listed', async () => {
    const result = await runCli(['rules', 'check'], { REDIS_URL: 'nope', PORT: 'x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).toContain('PORT');
  });
});
