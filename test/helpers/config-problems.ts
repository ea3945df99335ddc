import { ConfigError } from '../../src/config/config-error.js';

/** Runs `fn`, expecting it to throw a ConfigError, and returns that error's problems. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
