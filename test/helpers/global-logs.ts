import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { scanForSecrets } from './resilience-log-scan.js';
import { SUITE_SECRETS } from './secrets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory every log line of the run is written to (child processes and capture loggers). */
    logDir: string;
  }
}

/**
 * Creates the run's log directory and, once every test file has run, greps it for the suite's
 * secrets. A hit fails the run through `process.exitCode = 1`: a throwing global teardown
 * leaves vitest's exit code at 0 (checked with vitest 4.1) and skips the teardowns after it.
 */
export default function setup(project: TestProject) {
  const dir = join(tmpdir(), 'systeme-hooks-test-logs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  project.provide('logDir', dir);
  return () => {
    const hits = scanForSecrets(dir, SUITE_SECRETS);
    if (hits.length === 0) {
      // Kept when asked for (debugging a run); otherwise a clean run leaves nothing behind.
      if (process.env.KEEP_TEST_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
      return;
    }
    const report = hits.map((hit) => `${hit.file}:${hit.line}: ${hit.secret}`).join('\n');
    writeFileSync(join(dir, 'SECRETS-FOUND.txt'), `${report}\n`);
    // Not thrown: a throwing teardown would also skip the other setups' teardowns (Redis).
    console.error(`\nFAIL secret scan: a configured secret appears in ${hits.length} log line(s) (${join(dir, 'SECRETS-FOUND.txt')}):\n${report}\n`);
    process.exitCode = 1;
  };
}
