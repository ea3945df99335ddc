import { CliError } from '../command-context.js';

/** A mistake in how the command was called: printed like commander's own, exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(`error: ${message}\n(run with --help for usage)`, 2);
}
