import type { Logger } from 'pino';
import { loadConfig, type Config, type ConfigNeed } from '../config/load-config.js';
import { createLogger } from '../config/logger.js';
import { AppError } from '../common/app-error.js';
import { safeOutput, type TextOutput } from './support/terminal-text.js';

/** What every command receives from `main`: the environment and where to write. */
export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout: TextOutput;
  stderr: TextOutput;
}

/**
 * The io every command writes through: control characters in anything written (payload text in
 * a failed job, an API's error message) are escaped, so output is data, never terminal control.
 */
export function safeIo(io: CommandIo): CommandIo {
  return { env: io.env, stdout: safeOutput(io.stdout), stderr: safeOutput(io.stderr) };
}

/** A failure the operator can act on: printed without a stack, exit code 1. */
export class CliError extends AppError {
  constructor(message: string, readonly exitCode = 1) {
    super('CLI_FAILURE', message);
    this.name = 'CliError';
  }
}

export function configFor(io: CommandIo, needs: ConfigNeed[] = []): Config {
  return loadConfig(io.env, needs);
}

export function loggerFor(config: Config, name: string): Logger {
  return createLogger({ level: config.log.level, pretty: config.log.pretty, name });
}

export function print(io: CommandIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
