import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createProgram } from '../../src/cli/program.js';
import { ENV_KEYS } from '../../src/config/env-schema.js';
import { parseDuration } from '../../src/config/units.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required?: boolean }[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  stop_grace_period?: string;
  container_name?: string;
}

const root = new URL('../../', import.meta.url);
const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
// Compose resolves YAML merge keys (<<), as the anchors in the file rely on.
const compose = parse(text, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const ours = Object.entries(services).filter(([, service]) => service.image === 'systeme-hooks:local');
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const program = createProgram({ env: {}, stdout: sink, stderr: sink });

/** The CLI command an argument list runs (`webhook register …` → register), and its flags. */
function resolve(args: string[]): { command: Command; path: string[]; flags: string[] } {
  let command = program;
  const path: string[] = [];
  let index = 0;
  for (; index < args.length; index += 1) {
    const sub = command.commands.find((c) => c.name() === args[index] || c.aliases().includes(args[index]!));
    if (!sub) break;
    command = sub;
    path.push(args[index]!);
  }
  const flags = args.slice(index).filter((arg) => arg.startsWith('--')).map((arg) => arg.split('=')[0]!);
  return { command, path, flags };
}

const longOptions = (command: Command) => [...command.options, ...program.options].map((option) => option.long);

describe('docker-compose.yml', () => {
  it('runs only commands and options the CLI has', () => {
    const cliRuns = ours.filter(([, service]) => service.entrypoint === undefined);
    expect(cliRuns.length).toBeGreaterThanOrEqual(6);
    for (const [name, service] of cliRuns) {
      const args = service.command ?? ['serve'];
      const { command, path, flags } = resolve(args);
      expect(path.length, `${name}: "${args[0]}" is not a systeme-hooks command`).toBeGreaterThan(0);
      expect(command.commands.length, `${name}: "${path.join(' ')}" needs a subcommand`).toBe(0);
      for (const flag of flags) expect(longOptions(command), `${name}: ${path.join(' ')} has no ${flag}`).toContain(flag);
    }
  });

  it('runs scripts that exist in the repository, and the image healthcheck that the Dockerfile copies', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    for (const [name, service] of ours) {
      const scripts = [...(service.entrypoint ? (service.command ?? []) : []), ...(service.healthcheck?.test ?? [])].filter((arg) =>
        /^\/app\/.+\.m?js$/.test(arg),
      );
      for (const script of scripts) {
        const file = script.replace(/^\/app\//, '');
        expect(existsSync(new URL(file, root)), `${name}: ${file} is missing`).toBe(true);
        const mounted = (service.volumes ?? []).some((volume) => script.startsWith(`${volume.split(':')[1]}/`));
        expect(mounted || dockerfile.includes(file), `${name}: ${file} is neither mounted nor copied into the image`).toBe(true);
      }
    }
  });

  it('sets only variables the config schema knows, in services and in ${…} interpolations', () => {
    const known: readonly string[] = ENV_KEYS;
    for (const [name, service] of ours) {
      for (const key of Object.keys(service.environment ?? {})) expect(known, `${name}: unknown variable ${key}`).toContain(key);
    }
    // Compose-only settings: where the images, the CA bundle for the build, .env and ./rules come from.
    const composeOnly = ['NODE_IMAGE', 'REDIS_IMAGE', 'NPM_CA_FILE', 'ENV_FILE', 'RULES_DIR'];
    const interpolated = [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!);
    expect(interpolated.length).toBeGreaterThan(0);
    for (const key of interpolated) {
      expect([...known, ...composeOnly], `\${${key}} is neither a config variable nor a compose setting`).toContain(key);
    }
    for (const key of composeOnly) expect(text, `${key} is documented at the top of the file`).toMatch(new RegExp(`^#.*\\b${key}\\b`, 'm'));
  });

  it('keeps Redis durable, never evicting, private and health-checked', () => {
    const redis = services.redis!;
    expect(redis.image).toBe('${REDIS_IMAGE:-redis:7-bookworm}');
    const args = (redis.command ?? []).join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    expect(redis.ports).toBeUndefined();
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    const volume = (redis.volumes ?? []).find((v) => v.endsWith(':/data'))?.split(':')[0];
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('runs the receiver on the published port once Redis is healthy, restarted and health-checked', () => {
    const receiver = services.receiver!;
    expect(receiver.command).toEqual(['serve']);
    expect(receiver.ports).toEqual(['${PORT:-3000}:${PORT:-3000}']);
    expect(receiver.depends_on?.redis?.condition).toBe('service_healthy');
    expect(receiver.restart).toBe('unless-stopped');
    expect(receiver.env_file?.[0]?.path).toBe('${ENV_FILE:-.env}');
    expect(receiver.healthcheck?.test).toEqual(['CMD', 'node', '/app/deploy/docker/healthcheck.mjs']);
  });

  it('lets workers scale and drain, reading the rules from a read-only directory mount', () => {
    const worker = services.worker!;
    expect(worker.command).toEqual(['work']);
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    // `work` waits up to 60 s for running jobs on SIGTERM (src/cli/commands/work.ts).
    expect(parseDuration(worker.stop_grace_period ?? '10s')).toBeGreaterThan(60_000);
    expect(worker.volumes).toContain('${RULES_DIR:-./rules}:/app/rules:ro');
    // With host networking port 3000 is the receiver's: the worker's check asks its own listener.
    expect(worker.healthcheck?.test).toEqual(['CMD', 'node', '/app/deploy/docker/healthcheck.mjs', 'http://127.0.0.1:9464/healthz']);
    expect(worker.environment?.RULES_FILE).toBe('/app/rules/rules.yaml');
    expect(worker.environment?.METRICS_PORT).toBe('9464');
    expect(worker.expose).toEqual(['9464']);
    expect(worker.restart).toBe('unless-stopped');
    expect(worker.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('registers the webhooks with a one-shot bootstrap service, outside the default profile', () => {
    const bootstrap = services.bootstrap!;
    expect(bootstrap.profiles).toEqual(['bootstrap']);
    expect(bootstrap.command?.slice(0, 2)).toEqual(['webhook', 'register']);
    expect(bootstrap.restart).toBe('no');
    expect(bootstrap.environment?.RULES_FILE).toBe(services.worker!.environment?.RULES_FILE);
  });

  it('wires the demo to the simulator only, with the same API key and no .env', () => {
    const demo = Object.entries(services).filter(([, service]) => service.profiles?.includes('demo'));
    expect(demo.map(([name]) => name).sort()).toEqual(['demo-receiver', 'demo-register', 'demo-sale', 'demo-worker', 'sim']);
    const sim = resolve(services.sim!.command ?? []);
    expect(sim.path).toEqual(['sim']);
    const simArgs = services.sim!.command!;
    const simKey = simArgs[simArgs.indexOf('--api-key') + 1];
    const simPort = simArgs[simArgs.indexOf('--port') + 1];
    for (const [name, service] of demo.filter(([n]) => n !== 'sim')) {
      expect(service.env_file, `${name} must not read .env`).toBeUndefined();
      expect(service.environment?.SYSTEME_API_URL, name).toBe(`http://sim:${simPort}`);
      expect(service.environment?.SYSTEME_API_KEY, name).toBe(simKey);
    }
    const register = services['demo-register']!.command!;
    expect(register.slice(0, 2)).toEqual(['webhook', 'register']);
    expect(register[register.indexOf('--url') + 1]).toBe('http://demo-receiver:3000/webhooks/systeme');
    expect(register).toContain('--allow-http');
    expect(services['demo-sale']!.depends_on?.['demo-register']?.condition).toBe('service_completed_successfully');
  });

  it('runs every service of its own image under Docker\'s init, long-running ones on a read-only filesystem', () => {
    for (const [name, service] of ours) expect((service as { init?: boolean }).init, `${name}: init`).toBe(true);
    for (const name of ['receiver', 'worker']) {
      const service = services[name] as Service & { read_only?: boolean; tmpfs?: string[] };
      expect(service.read_only, name).toBe(true);
      expect(service.tmpfs, name).toEqual(['/tmp']);
    }
  });

  it('publishes the demo\'s ports on 127.0.0.1 only: its simulator key and dashboard password are public', () => {
    const demo = Object.values(services).filter((service) => service.profiles?.includes('demo'));
    const published = demo.flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('has a host-network override that changes the network of every service and nothing else', () => {
    const override = parse(readFileSync(new URL('deploy/docker/compose.host-network.yml', root), 'utf8'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(override.services).sort()).toEqual(Object.keys(services).sort());
    for (const [name, service] of Object.entries(override.services)) {
      expect(service.network_mode, name).toBe('host');
      const keys = Object.keys(service).sort();
      expect(keys, name).toEqual(services[name]!.build === undefined ? ['extra_hosts', 'network_mode'] : ['build', 'extra_hosts', 'network_mode']);
      if (services[name]!.build !== undefined) expect(service.build, name).toEqual({ network: 'host' });
    }
  });

  it('puts every service of its own image in a profile, except none: Redis alone starts without one', () => {
    for (const [name, service] of ours) expect(service.profiles?.length, `${name} needs a profile`).toBeGreaterThan(0);
    const profiles = new Set(Object.values(services).flatMap((service) => service.profiles ?? []));
    expect([...profiles].sort()).toEqual(['app', 'bootstrap', 'demo', 'monitoring']);
  });
});
