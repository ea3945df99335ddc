import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const PROJECT = 'systeme-hooks-test';
export const IMAGE = 'systeme-hooks:local';
const figuresFile = `${root}.tmp/docker-figures.jsonl`;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects on a non-zero exit unless `allowFail`. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; allowFail?: boolean; cwd?: string; echo?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code !== 0 && !options.allowFail) {
        reject(new Error(`${command} ${args.join(' ')} exited ${result.code}\n${stderr.slice(-4000)}${stdout.slice(-2000)}`));
      } else resolve(result);
    });
  });
}

/** The base images: built from Debian and npm (scripts/docker/base-images.sh) unless DOCKER_TEST_BASE=official. */
export function baseImages(env: NodeJS.ProcessEnv = process.env): { node: string; redis: string } {
  if (env.DOCKER_TEST_BASE === 'official') return { node: 'node:24-bookworm-slim', redis: 'redis:7-bookworm' };
  return { node: 'systeme-hooks-base/node:24-bookworm-slim', redis: 'systeme-hooks-base/redis:7-bookworm' };
}

/** npm's CA bundle for the build, when this machine's npm has one (a TLS-intercepting proxy). */
export function npmCaFile(): string | undefined {
  if (process.env.NPM_CA_FILE) return process.env.NPM_CA_FILE;
  try {
    const npmrc = readFileSync(`${process.env.HOME ?? '/root'}/.npmrc`, 'utf8');
    const fromRc = /^cafile\s*=\s*"?([^"\n]+)"?/m.exec(npmrc)?.[1];
    if (fromRc && existsSync(fromRc)) return fromRc;
  } catch {
    // no user npmrc
  }
  const global = '/usr/etc/npmrc';
  for (const file of [global, '/etc/npmrc']) {
    try {
      const fromRc = /^cafile\s*=\s*"?([^"\n]+)"?/m.exec(readFileSync(file, 'utf8'))?.[1];
      if (fromRc && existsSync(fromRc)) return fromRc;
    } catch {
      // none there
    }
  }
  return undefined;
}

export interface ComposeFiles {
  envFile?: string;
  rulesDir?: string;
}

/** `docker compose` on the project's real file, with the override that puts everything on the host network. */
export function compose(args: string[], files: ComposeFiles = {}, options: { allowFail?: boolean; echo?: boolean } = {}): Promise<RunResult> {
  const images = baseImages();
  const env: NodeJS.ProcessEnv = {
    NODE_IMAGE: images.node,
    REDIS_IMAGE: images.redis,
    COMPOSE_PROFILES: '',
    ...(files.envFile ? { ENV_FILE: files.envFile } : {}),
    ...(files.rulesDir ? { RULES_DIR: files.rulesDir } : {}),
  };
  const ca = npmCaFile();
  if (ca) env.NPM_CA_FILE = ca;
  return run(
    'docker',
    ['compose', '--ansi', 'never', '-p', PROJECT, '-f', 'docker-compose.yml', '-f', 'deploy/docker/compose.host-network.yml', ...args],
    { env, ...options },
  );
}

/** A container's state, as `docker inspect` gives it. */
export async function containerState(service: string): Promise<{ status: string; health?: string; exitCode: number; id: string }> {
  const id = (await compose(['ps', '-a', '-q', service])).stdout.trim().split('\n')[0] ?? '';
  if (id === '') return { status: 'missing', exitCode: -1, id };
  const out = (await run('docker', ['inspect', '-f', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.State.ExitCode}}', id])).stdout.trim();
  const [status = '', health = '-', exitCode = '-1'] = out.split(' ');
  return { status, ...(health === '-' ? {} : { health }), exitCode: Number(exitCode), id };
}

/** Polls until every service is running and healthy; returns the seconds it took. */
export async function waitHealthy(services: string[], timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const states = await Promise.all(services.map((service) => containerState(service)));
    if (states.every((state) => state.status === 'running' && state.health === 'healthy')) return (Date.now() - started) / 1000;
    const dead = states.findIndex((state) => state.status === 'exited');
    if (dead >= 0) throw new Error(`${services[dead]} exited with ${states[dead]!.exitCode}: ${(await compose(['logs', '--tail', '40', services[dead]!])).stdout}`);
    if (Date.now() - started > timeoutMs) {
      throw new Error(`not healthy after ${timeoutMs / 1000} s: ${services.map((s, i) => `${s}=${states[i]!.status}/${states[i]!.health}`).join(' ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Fails early, by name, when a port that host networking needs is taken. */
export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', () => reject(new Error(`port ${port} on 127.0.0.1 is taken: the compose services share the host's ports; stop what listens there`)));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  }
}

/** A figure for the end-of-run summary (and the README). */
export function recordFigure(name: string, value: number | string, unit = ''): void {
  mkdirSync(`${root}.tmp`, { recursive: true });
  appendFileSync(figuresFile, `${JSON.stringify({ name, value, unit })}\n`);
}

export function readFigures(): { name: string; value: number | string; unit: string }[] {
  if (!existsSync(figuresFile)) return [];
  return readFileSync(figuresFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; value: number | string; unit: string });
}

export { figuresFile };
