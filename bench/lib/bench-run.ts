import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisBinary } from '../../src/cli/demo/local-redis.js';
import { createCloseStack, type CloseStack } from '../../src/cli/support/close-stack.js';
import { startNode, type Child } from './processes.js';

export interface BenchScope {
  /** Registers a clean-up; they run last-in first-out when the benchmark ends, however it ends. */
  defer: CloseStack['defer'];
  /** REDIS_URL when set, else a redis-server from PATH that is stopped after everything else. */
  redisUrl(): Promise<string>;
  /** A node process, stopped with SIGTERM at the end; one that does not then exit 0 fails the run. */
  startNode(label: string, script: string, args: string[], env: Record<string, string>, nodeArgs?: string[]): Child;
  /** A temporary directory, removed at the end. */
  tempDir(prefix: string): string;
}

/** A child stopped with SIGTERM must drain and exit 0, as the house rules ask of every process. */
export async function stopChecked(label: string, child: Child): Promise<void> {
  const exit = await child.stop();
  if (exit.code !== 0) throw new Error(`${label} exited with ${exit.code ?? exit.signal} on SIGTERM; its output ends with:\n${child.output().slice(-2000)}`);
}

/**
 * The one way the benchmarks run: `main` measures and prints, then everything it started is
 * closed in reverse order (children drained with SIGTERM, Redis clients, then Redis), and the
 * process exits: 0 when the run and every clean-up succeeded, else 1. SIGINT or SIGTERM closes
 * the same way and exits 130 or 143.
 */
export async function runBench(env: Record<string, string | undefined>, main: (scope: BenchScope) => Promise<void>): Promise<never> {
  const closers = createCloseStack({ stepTimeoutMs: 90_000 });
  let redisUrl: Promise<string> | undefined;
  const scope: BenchScope = {
    defer: (label, close) => closers.defer(label, close),
    redisUrl() {
      redisUrl ??= env.REDIS_URL
        ? Promise.resolve(env.REDIS_URL)
        : startRedisBinary().then((redis) => {
            closers.defer('redis-server', () => redis.stop());
            return redis.url;
          });
      return redisUrl;
    },
    startNode(label, script, args, childEnv, nodeArgs = []) {
      const child = startNode(script, args, childEnv, nodeArgs);
      closers.defer(label, () => stopChecked(label, child));
      return child;
    },
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      closers.defer(`temporary directory ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
  const finish = async (code: number): Promise<never> => {
    const failures = await closers.closeAll();
    for (const failure of failures) console.error(`clean-up of ${failure.label} failed: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
    // Everything is closed by now; exit without waiting for idle keep-alive sockets.
    process.exit(failures.length > 0 && code === 0 ? 1 : code);
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => void finish(code));
  try {
    await main(scope);
  } catch (error) {
    console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return finish(1);
  }
  return finish(0);
}
