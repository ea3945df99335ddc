import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { createLogger } from '../../src/config/logger.js';

/** The run's log file for this test process (global-logs.ts scans it for secrets), if the setup provides one. */
function runLogFile(): string | undefined {
  let dir: string | undefined;
  try {
    dir = inject('logDir');
  } catch {
    dir = undefined;
  }
  return dir ? join(dir, `in-process-${process.pid}.log`) : undefined;
}

export interface CapturedLogs {
  lines: Record<string, unknown>[];
  text(): string;
}

/** A real pino logger writing JSON lines into memory, so tests can read what operators would see. */
export function captureLogger(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const file = runLogFile();
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      // Synchronous, so nothing is lost when the test process exits right after.
      if (file) appendFileSync(file, String(chunk));
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = createLogger({ level }, stream);
  const logs: CapturedLogs = { lines, text: () => raw.join('\n') };
  return { logger, logs };
}
