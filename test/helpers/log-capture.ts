import { Writable } from 'node:stream';
import { createLogger } from '../../src/config/logger.js';

export interface CapturedLogs {
  lines: Record<string, unknown>[];
  text(): string;
}

/** A real pino logger writing JSON lines into memory, so tests can read what operators would see. */
export function captureLogger(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
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
