import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.js';
import { createLogger } from '../../config/logger.js';
import type { CommandIo } from '../command-context.js';

/**
 * A logger for one-shot commands: lines go to stderr, so stdout stays the command's answer
 * (tables, `--json`) and can be piped.
 */
export function cliLogger(config: Config, io: CommandIo, name: string): Logger {
  return createLogger({ level: config.log.level, name }, { write: (line: string) => io.stderr.write(line) });
}
