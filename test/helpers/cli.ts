import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary: tests run what `npm run build` produced, as operators run it. */
export const CLI_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Working directory. Default: an empty temporary directory, so no `.env` is picked up. */
  cwd?: string;
  /** Kill the process after this long. Default 60 s (a busy machine starts node slowly). */
  timeoutMs?: number;
}

let empty: string | undefined;
const emptyDir = () => (empty ??= mkdtempSync(join(tmpdir(), 'systeme-hooks-cli-')));

/** Every URL in `env` must point at 127.0.0.1: tests never leave the machine. */
function checkEnv(env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) {
    if (/^(https?|rediss?):\/\//.test(value) && !/^[a-z]+:\/\/(?:[^@/]*@)?127\.0\.0\.1[:/]/.test(value)) {
      throw new Error(`test env ${key}=${value}: CLI tests may only use 127.0.0.1 URLs`);
    }
  }
}

function spawnCli(args: string[], env: Record<string, string>, cwd: string | undefined): ChildProcess {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` (or npx tsc -p tsconfig.build.json) first`);
  checkEnv(env);
  // Only what is given (plus PATH): the developer's own SYSTEME_* variables must not leak in.
  return spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: cwd ?? emptyDir(),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `systeme-hooks <args>` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}, options: CliRunOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, env, options.cwd);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running command (`sim`, `serve`). */
export function startCli(args: string[], env: Record<string, string> = {}, options: CliRunOptions = {}): RunningCli {
  const child = spawnCli(args, env, options.cwd);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} on stdout within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`exited before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.off('close', onExit);
        };
        child.stdout!.on('data', check);
        child.on('close', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
