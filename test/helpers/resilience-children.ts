import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { CLI_MAIN } from './cli.js';
import { SUITE_SECRETS } from './secrets.js';

/** One pino line of a child, parsed. */
export interface LogLine {
  time: number;
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ServiceChild {
  /** `serve` or `work`, plus a number when a test starts several. */
  readonly label: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr of the child, appended (the run's log directory, scanned for secrets). */
  readonly logFile: string;
  /** Every JSON line written so far. */
  lines(): LogLine[];
  waitForLine(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves when the process has exited. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** Sends `signal` and waits for the exit (SIGTERM: SIGKILL after 15 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resident set size now (`VmRSS`), MB. */
  rssMb(): number | undefined;
}

export interface ReceiverChild extends ServiceChild {
  /** `http://127.0.0.1:<port>` */
  url: string;
}

const SECRET_KEYS = ['SYSTEME_WEBHOOK_SECRET', 'SYSTEME_API_KEY', 'MATON_API_KEY', 'ADMIN_TOKEN', 'REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'];
const started = new Set<ServiceChild>();
let emptyCwd: string | undefined;
let sequence = 0;

// A test process that ends without its afterAll must not leave services (or its cwd) behind.
function killStarted(): void {
  for (const service of started) if (service.running()) service.child.kill('SIGKILL');
  if (emptyCwd) rmSync(emptyCwd, { recursive: true, force: true });
}
process.once('exit', killStarted);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    killStarted();
    // Then die of the signal, as without this handler.
    process.kill(process.pid, signal);
  });
}

/** The run's log directory (global-logs.ts); a private one when the setup does not provide it. */
export function runLogDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('logDir');
  } catch {
    dir = undefined;
  }
  dir ??= join(tmpdir(), 'systeme-hooks-test-logs', `adhoc-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The log scan only finds secrets it knows: every secret given to a child must come from secrets.ts. */
function checkSecrets(env: Record<string, string>): void {
  for (const key of SECRET_KEYS) {
    for (const value of (env[key] ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
      if (!SUITE_SECRETS.includes(value)) throw new Error(`${key}: take the value from test/helpers/secrets.ts so the log scan knows it`);
    }
  }
}

function readStatus(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `systeme-hooks <command>` as operators run it: the built CLI, only the given environment. */
export function startServiceChild(command: 'serve' | 'work', env: Record<string, string>, label: string = command): ServiceChild {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` first`);
  checkSecrets(env);
  sequence += 1;
  const logFile = join(runLogDir(), `${label}-${process.pid}-${sequence}.log`);
  const fd = openSync(logFile, 'a');
  emptyCwd ??= mkdtempSync(join(tmpdir(), 'systeme-hooks-child-'));
  // The child writes straight into the file: nothing is lost when it is killed.
  const child = spawn(process.execPath, [CLI_MAIN, command], {
    cwd: emptyCwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const parsed: LogLine[] = [];
  let offset = 0;
  let partial = '';
  const lines = () => {
    const readFd = openSync(logFile, 'r');
    try {
      const size = fstatSync(readFd).size;
      if (size > offset) {
        const buffer = Buffer.alloc(size - offset);
        readSync(readFd, buffer, 0, buffer.length, offset);
        offset = size;
        const text = partial + buffer.toString('utf8');
        const parts = text.split('\n');
        partial = parts.pop() ?? '';
        for (const part of parts) {
          if (!part.startsWith('{')) continue;
          try {
            parsed.push(JSON.parse(part) as LogLine);
          } catch {
            // A line cut by a SIGKILL.
          }
        }
      }
    } finally {
      closeSync(readFd);
    }
    return parsed;
  };
  const running = () => child.exitCode === null && child.signalCode === null;
  const service: ServiceChild = {
    label,
    child,
    pid: child.pid ?? -1,
    logFile,
    lines,
    exit,
    running,
    async waitForLine(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find(predicate);
        if (found) return found;
        if (!running()) throw new Error(`${label} exited (${child.exitCode ?? child.signalCode}); its log: ${readFileSync(logFile, 'utf8').slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`${label}: no such log line within ${timeoutMs} ms; its log: ${readFileSync(logFile, 'utf8').slice(-3000)}`);
        await sleep(50);
      }
    },
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
      started.delete(service);
    },
    rssMb: () => readStatus(child.pid ?? -1, 'VmRSS'),
  };
  started.add(service);
  return service;
}

/** `serve`, resolved once it listens (PORT=0 unless given). */
export async function startReceiverChild(env: Record<string, string>, label = 'serve'): Promise<ReceiverChild> {
  const service = startServiceChild('serve', env, label);
  const line = await service.waitForLine((l) => l.msg === 'receiver listening');
  return Object.assign(service, { url: String(line.address) });
}

/** `work`, resolved once it takes jobs. */
export async function startWorkerChild(env: Record<string, string>, label = 'work'): Promise<ServiceChild> {
  const service = startServiceChild('work', env, label);
  await service.waitForLine((l) => l.msg === 'worker started');
  return service;
}

/** Stops every child still running (afterEach / afterAll), SIGKILL for those that do not stop. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...started].map((service) => service.stop('SIGKILL')));
}
