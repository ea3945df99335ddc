import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGE, root, run } from './docker.js';

const docker = (args: string[], allowFail = false) => run('docker', args, { allowFail });
const inImage = (entrypoint: string, args: string[]) => docker(['run', '--rm', '--network', 'host', '--entrypoint', entrypoint, IMAGE, ...args]);

describe('the image', () => {
  it('runs as the unprivileged node user', async () => {
    expect((await docker(['image', 'inspect', '-f', '{{.Config.User}}', IMAGE])).stdout.trim()).toBe('node');
    expect((await inImage('id', ['-u'])).stdout.trim()).toBe('1000');
  });

  it('needs no init of its own: under --init, PID 1 is Docker\'s init and the CLI its child', async () => {
    const out = await docker(['run', '--rm', '--init', '--network', 'host', '--entrypoint', 'sh', IMAGE, '-c', 'tr "\\0" " " < /proc/1/cmdline']);
    expect(out.stdout).toMatch(/^\/sbin\/docker-init -- /);
  });

  it('answers --help, on a read-only root filesystem', async () => {
    const help = await docker(['run', '--rm', '--init', '--read-only', '--network', 'host', IMAGE, '--help']);
    expect(help.stdout).toContain('Usage: systeme-hooks');
    const check = await docker(['run', '--rm', '--init', '--read-only', '--tmpfs', '/tmp', '--network', 'host', IMAGE, 'rules', 'check', '--file', '/app/rules.example.yaml']);
    expect(check.code).toBe(0);
  });

  it('holds the production dependency tree and nothing that only development needs', async () => {
    const prodTree = JSON.parse((await run('npm', ['ls', '--omit=dev', '--all', '--json'])).stdout) as { dependencies?: Record<string, unknown> };
    const production = new Set<string>();
    const walk = (deps: Record<string, unknown> | undefined) => {
      for (const [name, node] of Object.entries(deps ?? {})) {
        production.add(name);
        walk((node as { dependencies?: Record<string, unknown> }).dependencies);
      }
    };
    walk(prodTree.dependencies);
    const listing = await inImage('sh', ['-c', 'cd /app/node_modules && ls -d */ @*/*/ 2>/dev/null']);
    const installed = listing.stdout.split('\n').map((line) => line.trim().replace(/\/$/, '')).filter((name) => name !== '' && !name.startsWith('.') && !/^@[^/]+$/.test(name));
    expect(installed.length).toBeGreaterThan(20);
    const devOnly = installed.filter((name) => !production.has(name));
    expect(devOnly, 'packages in the image that the production tree does not need').toEqual([]);
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { devDependencies: Record<string, string> };
    for (const tool of ['vitest', 'typescript', 'eslint', 'testcontainers', 'autocannon']) {
      expect(Object.keys(pkg.devDependencies)).toContain(tool);
      expect(installed).not.toContain(tool);
    }
  });

  it('keeps no build secret: no CA bundle, npm setting or certificate in any layer', async () => {
    const history = (await docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', IMAGE])).stdout;
    expect(history).not.toContain('BEGIN CERTIFICATE');
    const probe = await inImage('sh', ['-c', 'ls /run/secrets 2>&1; npm config get cafile; ls /root/.npm /home/node/.npm 2>&1 | head -2']);
    expect(probe.stdout).toContain('No such file or directory');
    expect(probe.stdout).toMatch(/^null$/m);
  });
});
