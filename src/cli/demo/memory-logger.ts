import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../config/logger.js';

/** A logger whose JSON lines are kept in memory, so the demo can report what the service did. */
export function memoryLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level }, stream), lines };
}
